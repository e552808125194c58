package org.commakit.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commakit.KitException;

/**
 * Maps a Hugging Face {@code CLIPModel} state dict ({@code openai/clip-vit-base-patch16} style) to OpenAI's names:
 * q/k/v projections are packed into {@code in_proj_*}; the two projection Linears ([out, in]) are transposed into
 * OpenAI's [in, out] matrices; {@code position_ids} buffers are dropped.
 */
final class HuggingFaceNames {
    private HuggingFaceNames() {}

    private static final Pattern LAYER =
            Pattern.compile("^(text_model|vision_model)\\.encoder\\.layers\\.(\\d+)\\.(.+)$");

    private static final Map<String, String> TOP = Map.ofEntries(
            Map.entry("text_model.embeddings.token_embedding.weight", "token_embedding.weight"),
            Map.entry("text_model.embeddings.position_embedding.weight", "positional_embedding"),
            Map.entry("text_model.final_layer_norm.weight", "ln_final.weight"),
            Map.entry("text_model.final_layer_norm.bias", "ln_final.bias"),
            Map.entry("vision_model.embeddings.class_embedding", "visual.class_embedding"),
            Map.entry("vision_model.embeddings.patch_embedding.weight", "visual.conv1.weight"),
            Map.entry("vision_model.embeddings.position_embedding.weight", "visual.positional_embedding"),
            Map.entry("vision_model.pre_layrnorm.weight", "visual.ln_pre.weight"), // sic: HF's spelling
            Map.entry("vision_model.pre_layrnorm.bias", "visual.ln_pre.bias"),
            Map.entry("vision_model.post_layernorm.weight", "visual.ln_post.weight"),
            Map.entry("vision_model.post_layernorm.bias", "visual.ln_post.bias"),
            Map.entry("logit_scale", "logit_scale"));

    private static final Map<String, String> IN_BLOCK = Map.ofEntries(
            Map.entry("self_attn.out_proj.weight", "attn.out_proj.weight"),
            Map.entry("self_attn.out_proj.bias", "attn.out_proj.bias"),
            Map.entry("layer_norm1.weight", "ln_1.weight"),
            Map.entry("layer_norm1.bias", "ln_1.bias"),
            Map.entry("layer_norm2.weight", "ln_2.weight"),
            Map.entry("layer_norm2.bias", "ln_2.bias"),
            Map.entry("mlp.fc1.weight", "mlp.c_fc.weight"),
            Map.entry("mlp.fc1.bias", "mlp.c_fc.bias"),
            Map.entry("mlp.fc2.weight", "mlp.c_proj.weight"),
            Map.entry("mlp.fc2.bias", "mlp.c_proj.bias"));

    /** True when the names look like a Hugging Face CLIPModel. */
    static boolean matches(Set<String> names) {
        return names.contains("vision_model.embeddings.patch_embedding.weight")
                || names.contains("text_model.embeddings.token_embedding.weight");
    }

    static Map<String, NDArray> toOpenAi(String source, Map<String, NDArray> hf) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        Set<String> unknown = new TreeSet<>();
        for (Map.Entry<String, NDArray> e : hf.entrySet()) {
            String k = e.getKey();
            if (k.endsWith("position_ids")) {
                continue; // an index buffer, not a weight
            }
            if (TOP.containsKey(k)) {
                out.put(TOP.get(k), e.getValue());
            } else if (k.equals("text_projection.weight")) {
                out.put("text_projection", e.getValue().transpose());
            } else if (k.equals("visual_projection.weight")) {
                out.put("visual.proj", e.getValue().transpose());
            } else {
                Matcher m = LAYER.matcher(k);
                if (m.matches() && IN_BLOCK.containsKey(m.group(3))) {
                    out.put(blockPrefix(m) + IN_BLOCK.get(m.group(3)), e.getValue());
                } else if (!(m.matches() && m.group(3).matches("self_attn\\.[qkv]_proj\\.(weight|bias)"))) {
                    unknown.add(k);
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new KitException("Hugging Face checkpoint " + source + " has tensors the kit does not know: "
                    + abbreviate(unknown) + ". Only CLIPModel ViT checkpoints (e.g. openai/clip-vit-base-patch16) "
                    + "are supported.");
        }
        packAttention(source, hf, out);
        return out;
    }

    // in_proj_weight = [W_q; W_k; W_v], in_proj_bias = [b_q; b_k; b_v]
    private static void packAttention(String source, Map<String, NDArray> hf, Map<String, NDArray> out) {
        for (String k : hf.keySet()) {
            Matcher m = LAYER.matcher(k);
            if (!m.matches() || !m.group(3).equals("self_attn.q_proj.weight")) {
                continue;
            }
            String hfPrefix = m.group(1) + ".encoder.layers." + m.group(2) + ".self_attn.";
            for (String kind : new String[] {"weight", "bias"}) {
                NDList qkv = new NDList();
                for (String p : new String[] {"q", "k", "v"}) {
                    NDArray a = hf.get(hfPrefix + p + "_proj." + kind);
                    if (a == null) {
                        throw new KitException("Hugging Face checkpoint " + source + " lacks '" + hfPrefix + p
                                + "_proj." + kind + "' (q, k and v projections must all be present).");
                    }
                    qkv.add(a);
                }
                out.put(blockPrefix(m) + "attn.in_proj_" + kind, NDArrays.concat(qkv, 0));
            }
        }
    }

    private static String blockPrefix(Matcher m) {
        return (m.group(1).equals("vision_model") ? "visual.transformer" : "transformer")
                + ".resblocks." + m.group(2) + ".";
    }

    private static String abbreviate(Set<String> names) {
        return names.size() <= 5 ? names.toString() : names.stream().limit(5).toList() + " and " + (names.size() - 5)
                + " more";
    }
}
