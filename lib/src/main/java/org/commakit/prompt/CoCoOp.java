package org.commakit.prompt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import java.util.List;
import java.util.random.RandomGenerator;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipTokenizer;
import org.commakit.clip.Scalar;

/**
 * CoCoOp (Zhou et al., CVPR 2022): CoOp's context plus an image-conditional shift π = meta-net(image feature), added
 * to every context vector: v_i(x) = v_i + π(x). Meta-net: Linear(d → d/16) - ReLU - Linear(d/16 → text width) on the
 * normalised image feature. The text encoder therefore runs once per image.
 */
public final class CoCoOp extends CoOp {

    public CoCoOp(Clip clip, ClipTokenizer tokenizer, List<String> classnames, String initPhrase, int nCtx,
            RandomGenerator rng) {
        super(clip, tokenizer, classnames, initPhrase, nCtx, rng);
        addMetaNet(rng);
    }

    CoCoOp(Clip clip, TextPrompts prompts, RandomGenerator rng) {
        super(clip, prompts);
        addMetaNet(rng);
    }

    private void addMetaNet(RandomGenerator rng) {
        addMetaNet(params, clip, rng);
    }

    /** The meta-net's four tensors, drawn from {@code rng} in CoCoOp's order (CTP/TFT reuses it). */
    static void addMetaNet(PromptParameters params, Clip clip, RandomGenerator rng) {
        int d = clip.config().embedDim();
        NDArray[] l1 = PromptLearners.linearInit(params.manager(), rng, d, d / 16);
        NDArray[] l2 = PromptLearners.linearInit(params.manager(), rng, d / 16, clip.text().width());
        params.add("meta_net.linear1.weight", l1[0], true);
        params.add("meta_net.linear1.bias", l1[1], true);
        params.add("meta_net.linear2.weight", l2[0], true);
        params.add("meta_net.linear2.bias", l2[1], true);
    }

    @Override
    public String method() {
        return "CoCoOp";
    }

    /**
     * Most prompts per text-encoder call: the images of a batch are encoded together, as many per call as fit (the
     * reference loops over single images; the same numbers, fewer and larger matrix products). Not more: on a CPU the
     * cost per token grew 5x from 256 to 4,096 prompts per call (MiniCLIP, 9 tokens; fresh large activations).
     */
    static final int PROMPTS_PER_CALL = 256;

    @Override
    public PromptOutput forwardFeatures(NDArray features, int hiddenLayers) {
        NDArray image = Clip.normalize(features); // [batch, embed]
        NDArray shift = metaNet(params, image); // [batch, text width]
        NDArray ctx = params.get("ctx"); // [n, text width]
        long batch = features.getShape().get(0);
        int classes = prompts.classes();
        int chunk = Math.max(1, PROMPTS_PER_CALL / classes);
        NDList rows = new NDList();
        NDList texts = new NDList();
        for (long start = 0; start < batch; start += chunk) {
            long end = Math.min(batch, start + chunk);
            NDArray shifted = ctx.expandDims(0).add(shift.get(start + ":" + end).expandDims(1)); // v_i + π(x_b)
            // [SOT][v + π(x_b)] is the same in every class's prompt of image b: computed once per image, the same
            // features as over the whole prompts (TextTransformer.forwardSharedBeginning)
            NDArray text = clip.text().forwardSharedBeginning(prompts.beginnings(shifted), prompts.endings(),
                    prompts.eot()); // [images x classes, embed]
            text = text.reshape(end - start, classes, -1);
            texts.add(text);
            // logits_{b,k} = norm(image_b) . norm(text_{b,k})
            rows.add(image.get(start + ":" + end).expandDims(1)
                    .matMul(Clip.normalize(text).transpose(0, 2, 1)).squeeze(1)); // [images, classes]
        }
        NDArray logits = Scalar.mul(joined(rows), clip.logitScale());
        return new PromptOutput(logits, joined(texts), List.of());
    }

    /** π = meta-net(x) over the last axis of {@code x} (CoCoOp: the normalised image feature). */
    static NDArray metaNet(PromptParameters params, NDArray x) {
        return PromptLearners.linear(
                Activation.relu(PromptLearners.linear(x, params.get("meta_net.linear1.weight"),
                        params.get("meta_net.linear1.bias"))),
                params.get("meta_net.linear2.weight"), params.get("meta_net.linear2.bias"));
    }

    /** Concatenation along axis 0; DJL's concat of a single array returns a copy without autograd history. */
    static NDArray joined(NDList parts) {
        return parts.size() == 1 ? parts.head() : NDArrays.concat(parts, 0);
    }
}
