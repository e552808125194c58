package org.commakit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.commakit.KitException;
import org.junit.jupiter.api.Test;

class FewShotLinearProbeTest {
    private static final int C = 3;
    private static final int D = 4;
    private static final int N = 12;

    @Test
    void gradientStepsMatchAPlainSoftmaxRegressionInDoubles() {
        Random r = new Random(7);
        double[][] x = unitRows(r, N, D);
        double[][] w = unitRows(r, C, D);
        int[] y = new int[N];
        for (int i = 0; i < N; i++) {
            y[i] = i % C;
        }
        float scale = 19f;
        float lr = 0.3f;
        int steps = 25;
        double[][] expected = reference(x, w, y, scale, lr, steps);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray fitted = new FewShotLinearProbe(scale, lr).fit(array(m, w), array(m, x), y, steps);
            float[] got = fitted.toFloatArray();
            for (int c = 0; c < C; c++) {
                for (int k = 0; k < D; k++) {
                    assertEquals(expected[c][k], got[c * D + k], 1e-4, "W[" + c + "][" + k + "]");
                }
            }
        }
    }

    @Test
    void zeroStepsIsTheZeroShotClassifierAndTrainingFitsSeparableFeatures() {
        double[][] x = new double[N][D];
        int[] y = new int[N];
        for (int i = 0; i < N; i++) {
            y[i] = i % C;
            x[i][y[i]] = 1; // class c lies on axis c
        }
        double[][] wrong = new double[C][D]; // every class points at axis 3: all logits tie, argmax says class 0
        for (int c = 0; c < C; c++) {
            wrong[c][3] = 1;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray init = array(m, wrong);
            FewShotLinearProbe probe = new FewShotLinearProbe(19f, 0.5f);
            NDArray same = probe.fit(init, array(m, x), y, 0);
            assertEquals(100.0 / C, FewShotLinearProbe.accuracy(same, array(m, x), y), 1e-9);
            NDArray trained = probe.fit(init, array(m, x), y, 50);
            assertEquals(100.0, FewShotLinearProbe.accuracy(trained, array(m, x), y), 1e-9);
            assertEquals(1.0, init.get("0, 3").getFloat(), 0, "the zero-shot weights were modified");
        }
    }

    @Test
    void refusesLabelsThatDoNotFitTheFeaturesOrTheClasses() {
        try (NDManager m = NDManager.newBaseManager()) {
            FewShotLinearProbe probe = new FewShotLinearProbe(19f, 0.5f);
            NDArray w = m.ones(new Shape(C, D));
            NDArray x = m.ones(new Shape(2, D));
            KitException count = assertThrows(KitException.class, () -> probe.fit(w, x, new int[] {0}, 1));
            assertTrue(count.getMessage().contains("1 labels for 2 image features"), count.getMessage());
            KitException range = assertThrows(KitException.class, () -> probe.fit(w, x, new int[] {0, 3}, 1));
            assertTrue(range.getMessage().contains("label 3 outside the 3 classes"), range.getMessage());
            assertThrows(KitException.class, () -> new FewShotLinearProbe(0f, 0.5f));
        }
    }

    private static double[][] reference(double[][] x, double[][] w0, int[] y, double scale, double lr, int steps) {
        double[][] w = new double[C][];
        for (int c = 0; c < C; c++) {
            w[c] = w0[c].clone();
        }
        for (int s = 0; s < steps; s++) {
            double[][] g = new double[C][D];
            for (int i = 0; i < N; i++) {
                double[] p = new double[C];
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < C; c++) {
                    for (int k = 0; k < D; k++) {
                        p[c] += scale * w[c][k] * x[i][k];
                    }
                    max = Math.max(max, p[c]);
                }
                double z = 0;
                for (int c = 0; c < C; c++) {
                    p[c] = Math.exp(p[c] - max);
                    z += p[c];
                }
                for (int c = 0; c < C; c++) {
                    double d = (p[c] / z - (c == y[i] ? 1 : 0)) * scale / N;
                    for (int k = 0; k < D; k++) {
                        g[c][k] += d * x[i][k];
                    }
                }
            }
            for (int c = 0; c < C; c++) {
                for (int k = 0; k < D; k++) {
                    w[c][k] -= lr * g[c][k];
                }
            }
        }
        return w;
    }

    private static double[][] unitRows(Random r, int n, int d) {
        double[][] a = new double[n][d];
        for (double[] row : a) {
            double norm = 0;
            for (int k = 0; k < d; k++) {
                row[k] = r.nextGaussian();
                norm += row[k] * row[k];
            }
            for (int k = 0; k < d; k++) {
                row[k] /= Math.sqrt(norm);
            }
        }
        return a;
    }

    private static NDArray array(NDManager m, double[][] a) {
        float[] flat = new float[a.length * a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < a[0].length; k++) {
                flat[i * a[0].length + k] = (float) a[i][k];
            }
        }
        return m.create(flat, new Shape(a.length, a[0].length)).duplicate();
    }
}
