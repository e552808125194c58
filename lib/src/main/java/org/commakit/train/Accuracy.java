package org.commakit.train;

/** Top-1 accuracy (micro, as the papers report) and per-class accuracy, accumulated over batches. */
public final class Accuracy {
    private final int[] correct;
    private final int[] total;

    public Accuracy(int classes) {
        this.correct = new int[classes];
        this.total = new int[classes];
    }

    public void add(int[] predicted, int[] labels) {
        if (predicted.length != labels.length) {
            throw new IllegalArgumentException(predicted.length + " predictions for " + labels.length + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= total.length) {
                throw new IllegalArgumentException("label " + labels[i] + " outside 0.." + (total.length - 1));
            }
            total[labels[i]]++;
            if (predicted[i] == labels[i]) {
                correct[labels[i]]++;
            }
        }
    }

    public int count() {
        int n = 0;
        for (int t : total) {
            n += t;
        }
        return n;
    }

    /** 100 · correct / total over all samples. */
    public double top1() {
        int c = 0;
        for (int x : correct) {
            c += x;
        }
        int n = count();
        return n == 0 ? Double.NaN : 100.0 * c / n;
    }

    /** 100 · correct / total per class (NaN for a class with no sample). */
    public double[] perClass() {
        double[] out = new double[total.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = total[i] == 0 ? Double.NaN : 100.0 * correct[i] / total[i];
        }
        return out;
    }

    /** Mean of the per-class accuracies over classes that have samples. */
    public double meanPerClass() {
        double s = 0;
        int k = 0;
        for (double a : perClass()) {
            if (!Double.isNaN(a)) {
                s += a;
                k++;
            }
        }
        return k == 0 ? Double.NaN : s / k;
    }
}
