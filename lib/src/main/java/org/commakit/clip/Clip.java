package org.commakit.clip;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;

/**
 * A frozen CLIP (ViT image encoder + text transformer), computing what OpenAI's {@code clip/model.py} computes.
 *
 * <p>Loaded once and shared by every prompt learner; none of its tensors requires a gradient.
 */
public final class Clip implements AutoCloseable {
    private final ClipWeights weights;
    private final ClipConfig config;
    private final VisionTransformer visual;
    private final TextTransformer text;
    private final float logitScale;

    private Clip(ClipWeights weights) {
        this.weights = weights;
        this.config = ClipConfig.infer(weights);
        this.visual = new VisionTransformer(weights, config);
        this.text = new TextTransformer(weights, config);
        this.logitScale = (float) Math.exp(weights.fp32("logit_scale").getFloat());
    }

    /** Loads a checkpoint on the default device: the GPU in fp16 when one is visible, else the CPU in fp32. */
    public static Clip load(Path checkpoint) {
        Device device = Engine.getInstance().defaultDevice();
        return load(checkpoint, device, Precision.defaultFor(device));
    }

    /**
     * Loads {@code checkpoint} on the CPU in fp32, or, when {@code gpuWhenPresent} and a GPU is there, on the GPU in
     * fp16 as the reference code runs.
     */
    public static Clip load(Path checkpoint, boolean gpuWhenPresent) {
        Device device = gpuWhenPresent && Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
        return load(checkpoint, device, device.isGpu() ? DataType.FLOAT16 : DataType.FLOAT32);
    }

    public static Clip load(Path checkpoint, Device device, DataType computeType) {
        return new Clip(ClipCheckpoint.read(checkpoint, device, computeType));
    }

    /** Builds a CLIP from weights already in memory (the kit's own pretraining uses this). */
    public static Clip of(ClipWeights weights) {
        return new Clip(weights);
    }

    public ClipConfig config() {
        return config;
    }

    public VisionTransformer visual() {
        return visual;
    }

    public TextTransformer text() {
        return text;
    }

    public ClipWeights weights() {
        return weights;
    }

    /** exp(logit_scale), 100 for the released weights. */
    public float logitScale() {
        return logitScale;
    }

    public Device device() {
        return weights.manager().getDevice();
    }

    public DataType computeType() {
        return weights.computeType();
    }

    /** Image features [batch, embed] (not normalised). */
    public NDArray encodeImage(NDArray images) {
        return visual.forward(images);
    }

    /** Text features [n, embed] (not normalised) of token ids [n, context]. */
    public NDArray encodeText(NDArray tokens) {
        return text.forward(tokens);
    }

    /** Token ids as an int64 array on this CLIP's device, in {@code manager}. */
    public NDArray tokens(NDManager manager, int[][] ids) {
        long[] flat = new long[ids.length * config.contextLength()];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i].length != config.contextLength()) {
                throw new IllegalArgumentException("token row " + i + " has " + ids[i].length + " ids; this CLIP's "
                        + "context length is " + config.contextLength());
            }
            for (int j = 0; j < ids[i].length; j++) {
                flat[i * config.contextLength() + j] = ids[i][j];
            }
        }
        return manager.create(flat, new Shape(ids.length, config.contextLength())).toDevice(device(), false);
    }

    /** logits = exp(logit_scale) · norm(image) · norm(text)^T, [batch, classes]. */
    public NDArray logits(NDArray imageFeatures, NDArray textFeatures) {
        return Scalar.mul(normalize(imageFeatures).matMul(normalize(textFeatures).transpose()), logitScale);
    }

    /** x / ||x|| over the last axis. */
    public static NDArray normalize(NDArray x) {
        return x.div(x.norm(new int[] {-1}, true));
    }

    @Override
    public void close() {
        weights.close();
    }
}
