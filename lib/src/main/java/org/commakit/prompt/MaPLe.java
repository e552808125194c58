package org.commakit.prompt;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipTokenizer;
import org.commakit.clip.Precision;

/**
 * MaPLe (Khattak et al., CVPR 2023): the vision prompt of block b is a linear function of the text prompt of the
 * same block, P_v^b = F_b(P_t^b), F_b: text width → vision width. The J-1 couplings start from identical weights
 * (the official code deep-copies one Linear, docs/official-code-notes.md#maple-couplings-start-identical) and train end to end.
 */
public final class MaPLe extends MultiModalPromptLearner {

    public MaPLe(Clip clip, ClipTokenizer tokenizer, List<String> classnames, int depth, RandomGenerator rng) {
        super(clip, tokenizer, classnames, depth, 2, rng);
        addCouplings(rng);
    }

    MaPLe(Clip clip, TextPrompts prompts, int depth, RandomGenerator rng) {
        super(clip, prompts, depth, rng);
        addCouplings(rng);
    }

    private void addCouplings(RandomGenerator rng) {
        NDArray[] f = PromptLearners.linearInit(params.manager(), rng, clip.text().width(), clip.visual().width());
        for (int b = 1; b < depth; b++) { // fp32 under fp16, as the official Linear layers (only proj is halved)
            params.addFp32("coupling." + b + ".weight", f[0], true); // identical initial weights
            params.addFp32("coupling." + b + ".bias", f[1], true);
        }
    }

    @Override
    public String method() {
        return "MaPLe";
    }

    @Override
    protected List<NDArray> deepVisionPrompts(NDArray inputVision, List<NDArray> textPrompts) {
        List<NDArray> out = new ArrayList<>();
        for (int b = 1; b < depth; b++) {
            // P_v^b = F_b(P_t^b), in fp32 (the deep text prompts and F_b are fp32 masters); cast at the block
            NDArray weight = params.get("coupling." + b + ".weight");
            out.add(PromptLearners.linear(Precision.cast(textPrompts.get(b), weight.getDataType()), weight,
                    params.get("coupling." + b + ".bias")));
        }
        return out;
    }
}
