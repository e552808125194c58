package org.commakit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.commakit.prompt.PromptLearner;
import org.commakit.prompt.PromptOutput;

/**
 * A stand-in prompt learner for the trainer's tests: logits = scale · (x Wᵀ + b) over feature vectors x, with W and b
 * trainable and the frozen {@code scale} kept in checkpoints only. It makes the trainer testable without CLIP.
 */
final class LinearProbe implements PromptLearner {
    private final String method;
    private final NDManager manager;
    private final Map<String, NDArray> trainable = new LinkedHashMap<>();
    private final Map<String, NDArray> frozen = new LinkedHashMap<>();
    private List<String> classnames;
    final List<Integer> hiddenLayersAsked = new ArrayList<>();

    LinearProbe(String method, List<String> classnames, int dim, long seed) {
        this.method = method;
        this.classnames = List.copyOf(classnames);
        this.manager = NDManager.newBaseManager();
        SplittableRandom rng = new SplittableRandom(seed);
        float[] w = new float[classnames.size() * dim];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (0.1 * rng.nextGaussian());
        }
        add(trainable, "weight", manager.create(w, new Shape(classnames.size(), dim)), true);
        add(trainable, "bias", manager.zeros(new Shape(classnames.size())), true);
        add(frozen, "scale", manager.create(new float[] {2f}), false);
    }

    private void add(Map<String, NDArray> to, String name, NDArray value, boolean train) {
        NDArray a = value.duplicate(); // libtorch-owned copy of the Java buffer
        value.close();
        a.setRequiresGradient(train);
        to.put(name, a);
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public List<String> classnames() {
        return classnames;
    }

    @Override
    public void setClassnames(List<String> names) {
        if (names.size() != classnames.size()) {
            throw new IllegalArgumentException("a linear probe keeps its class count");
        }
        classnames = List.copyOf(names);
    }

    @Override
    public Map<String, NDArray> trainableParameters() {
        return trainable;
    }

    @Override
    public Map<String, NDArray> frozenState() {
        return frozen;
    }

    @Override
    public PromptOutput forward(NDArray x, int hiddenLayers) {
        // x: [batch, dim] -> logits [batch, classes]
        hiddenLayersAsked.add(hiddenLayers);
        NDArray w = trainable.get("weight");
        NDArray logits = x.matMul(w.transpose()).add(trainable.get("bias")).mul(frozen.get("scale"));
        return new PromptOutput(logits, w, List.of());
    }

    @Override
    public void close() {
        manager.close();
    }
}
