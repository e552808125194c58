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

    @Override
    public PromptOutput forward(NDArray images, int hiddenLayers) {
        NDArray image = Clip.normalize(clip.visual().forward(images)); // [batch, embed]
        NDArray shift = PromptLearners.linear(
                Activation.relu(PromptLearners.linear(image, params.get("meta_net.linear1.weight"),
                        params.get("meta_net.linear1.bias"))),
                params.get("meta_net.linear2.weight"), params.get("meta_net.linear2.bias")); // [batch, text width]
        NDArray ctx = params.get("ctx");
        long batch = images.getShape().get(0);
        NDList rows = new NDList();
        NDList texts = new NDList();
        for (int b = 0; b < batch; b++) {
            NDArray shifted = ctx.add(shift.get(b)); // v_i + π(x_b)
            NDArray text = clip.text().forward(prompts.embeddings(shifted, false), prompts.eot(),
                    org.commakit.clip.LayerHook.NONE);
            texts.add(text);
            rows.add(image.get(b).expandDims(0).matMul(Clip.normalize(text).transpose()).squeeze(0));
        }
        NDArray logits = Scalar.mul(NDArrays.stack(rows), clip.logitScale());
        return new PromptOutput(logits, NDArrays.stack(texts), List.of());
    }
}
