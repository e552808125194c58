package org.commakit.clip;

import ai.djl.ndarray.types.Shape;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commakit.KitException;

/**
 * CLIP ViT dimensions, inferred from the weights as OpenAI's {@code build_model} does, so ViT-B/16, B/32, L/14 and
 * the kit's small models load through one code path. Heads = width / 64, as in OpenAI's code.
 */
public record ClipConfig(
        int embedDim,
        int imageResolution,
        int patchSize,
        int visionWidth,
        int visionLayers,
        int visionHeads,
        int contextLength,
        int vocabSize,
        int textWidth,
        int textLayers,
        int textHeads) {

    private static final Pattern VISION_BLOCK = Pattern.compile("^visual\\.transformer\\.resblocks\\.(\\d+)\\.");
    private static final Pattern TEXT_BLOCK = Pattern.compile("^transformer\\.resblocks\\.(\\d+)\\.");

    /** Number of vision tokens: class token + grid². */
    public int visionTokens() {
        int grid = imageResolution / patchSize;
        return grid * grid + 1;
    }

    /** Infers the dimensions from tensor shapes and checks every tensor a CLIP ViT needs. */
    public static ClipConfig infer(ClipWeights w) {
        if (!w.has("visual.conv1.weight")) {
            throw new KitException("CLIP checkpoint " + w.source() + " has no 'visual.conv1.weight': it is not a CLIP "
                    + "ViT checkpoint (ResNet CLIP models are not supported). Use ViT-B/16 from "
                    + "data-scripts/clip_weights.sh.");
        }
        Shape conv = w.shape("visual.conv1.weight");
        int visionWidth = (int) conv.get(0);
        int patch = (int) conv.get(conv.dimension() - 1);
        int visionLayers = countBlocks(w, VISION_BLOCK);
        int gridSq = (int) w.shape("visual.positional_embedding").get(0) - 1;
        int grid = (int) Math.round(Math.sqrt(gridSq));
        int embed = (int) w.shape("text_projection").get(1);
        int context = (int) w.shape("positional_embedding").get(0);
        int vocab = (int) w.shape("token_embedding.weight").get(0);
        int textWidth = (int) w.shape("ln_final.weight").get(0);
        int textLayers = countBlocks(w, TEXT_BLOCK);
        ClipConfig c = new ClipConfig(embed, patch * grid, patch, visionWidth, visionLayers, visionWidth / 64,
                context, vocab, textWidth, textLayers, textWidth / 64);
        c.check(w);
        return c;
    }

    private static int countBlocks(ClipWeights w, Pattern p) {
        int max = -1;
        for (String name : w.names()) {
            Matcher m = p.matcher(name);
            if (m.find()) {
                max = Math.max(max, Integer.parseInt(m.group(1)));
            }
        }
        return max + 1;
    }

    private void check(ClipWeights w) {
        if (visionHeads < 1 || textHeads < 1 || visionWidth % 64 != 0 || textWidth % 64 != 0) {
            throw new KitException("CLIP checkpoint " + w.source() + ": widths " + visionWidth + " (vision) and "
                    + textWidth + " (text) must be multiples of 64 (heads = width / 64, as OpenAI's build_model).");
        }
        String v = "visual.";
        w.expectShape(v + "conv1.weight", new Shape(visionWidth, 3, patchSize, patchSize), "patch embedding");
        w.expectShape(v + "class_embedding", new Shape(visionWidth), "vision width " + visionWidth);
        w.expectShape(v + "positional_embedding", new Shape(visionTokens(), visionWidth), "grid² + 1 tokens");
        w.expectShape(v + "proj", new Shape(visionWidth, embedDim), "vision width x embed dim");
        for (String ln : new String[] {"ln_pre", "ln_post"}) {
            w.expectShape(v + ln + ".weight", new Shape(visionWidth), "vision width");
            w.expectShape(v + ln + ".bias", new Shape(visionWidth), "vision width");
        }
        checkBlocks(w, v + "transformer.resblocks.", visionLayers, visionWidth);
        w.expectShape("token_embedding.weight", new Shape(vocabSize, textWidth), "text width");
        w.expectShape("positional_embedding", new Shape(contextLength, textWidth), "text width");
        w.expectShape("text_projection", new Shape(textWidth, embedDim), "text width x embed dim");
        w.expectShape("ln_final.bias", new Shape(textWidth), "text width");
        w.expectShape("logit_scale", new Shape(), "a scalar");
        checkBlocks(w, "transformer.resblocks.", textLayers, textWidth);
    }

    private static void checkBlocks(ClipWeights w, String prefix, int layers, int width) {
        if (layers == 0) {
            throw new KitException("CLIP checkpoint " + w.source() + " has no blocks under '" + prefix + "'.");
        }
        for (int i = 0; i < layers; i++) {
            String p = prefix + i + ".";
            w.expectShape(p + "attn.in_proj_weight", new Shape(3L * width, width), "packed q, k, v");
            w.expectShape(p + "attn.in_proj_bias", new Shape(3L * width), "packed q, k, v");
            w.expectShape(p + "attn.out_proj.weight", new Shape(width, width), "attention output");
            w.expectShape(p + "attn.out_proj.bias", new Shape(width), "attention output");
            w.expectShape(p + "mlp.c_fc.weight", new Shape(4L * width, width), "MLP 4x expansion");
            w.expectShape(p + "mlp.c_fc.bias", new Shape(4L * width), "MLP 4x expansion");
            w.expectShape(p + "mlp.c_proj.weight", new Shape(width, 4L * width), "MLP 4x expansion");
            w.expectShape(p + "mlp.c_proj.bias", new Shape(width), "MLP output");
            for (String ln : new String[] {"ln_1", "ln_2"}) {
                w.expectShape(p + ln + ".weight", new Shape(width), "block width");
                w.expectShape(p + ln + ".bias", new Shape(width), "block width");
            }
        }
    }
}
