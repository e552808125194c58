package org.commakit.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.commakit.KitException;

/**
 * A method's training configuration with the reference values (COMMA.md §6.1-6.2, PROTOCOL.md §4). Every value can
 * be overridden by key ({@code lr=0.01}); an unknown key or method is an error that lists the valid ones.
 */
public record TrainConfig(
        String method,
        int epochs,
        float lr,
        int batchSize,
        int warmupEpochs,
        float warmupLr,
        float momentum,
        float weightDecay,
        int nCtx,
        String ctxInit,
        int depth,
        float kpWeight,
        int kpLayers,
        float kgWeight,
        String commaMode,
        long seed) {

    public static final List<String> METHODS = List.of("CoOp", "CoCoOp", "KgCoOp", "MaPLe", "COMMA");

    /** The reference configuration of {@code method} for base-to-new ({@code crossDataset} false) or cross-dataset. */
    public static TrainConfig preset(String method, boolean crossDataset) {
        switch (method) {
            case "CoOp": // vit_b16, 16 shots: 200 epochs (50 on ImageNet), batch 32, 16 random context vectors
                return new TrainConfig("CoOp", 200, 0.002f, 32, 1, 1e-5f, 0.9f, 5e-4f, 16, "", 0, 0, 0, 0, "", 1);
            case "CoCoOp": // vit_b16_c4_ep10_batch1_ctxv1
                return new TrainConfig("CoCoOp", 10, 0.002f, 1, 1, 1e-5f, 0.9f, 5e-4f, 4, "a photo of a", 0, 0, 0, 0,
                        "", 1);
            case "KgCoOp": // vit_b16_ep100_ctxv1, W = 8.0
                return new TrainConfig("KgCoOp", 100, 0.002f, 128, 1, 1e-5f, 0.9f, 5e-4f, 4, "a photo of a", 0, 0, 0,
                        8f, "", 1);
            case "MaPLe":
            case "COMMA": // vit_b16_c2_ep5_batch4_2ctx(_cross_datasets)
                boolean comma = method.equals("COMMA");
                return new TrainConfig(method, crossDataset ? 2 : 5, crossDataset ? 0.0026f : 0.0035f, 4, 1, 1e-5f,
                        0.9f, 5e-4f, 2, "a photo of a", crossDataset ? 3 : 9, comma ? 1f : 0f, comma ? 1 : 0, 0,
                        comma ? "faithful" : "", 1);
            default:
                throw new KitException("unknown method '" + method + "'; the kit has " + METHODS);
        }
    }

    /** This configuration with some values replaced, each {@code key=value}. */
    public TrainConfig with(String... assignments) {
        Map<String, String> v = asMap();
        for (String a : assignments) {
            int eq = a.indexOf('=');
            String key = eq < 0 ? a : a.substring(0, eq).trim();
            if (eq < 0 || !v.containsKey(key)) {
                throw new KitException("unknown training setting '" + a + "'; settings are key=value with key one of "
                        + v.keySet());
            }
            v.put(key, a.substring(eq + 1).trim());
        }
        try {
            TrainConfig c = new TrainConfig(v.get("method"), Integer.parseInt(v.get("epochs")),
                    Float.parseFloat(v.get("lr")), Integer.parseInt(v.get("batchSize")),
                    Integer.parseInt(v.get("warmupEpochs")), Float.parseFloat(v.get("warmupLr")),
                    Float.parseFloat(v.get("momentum")), Float.parseFloat(v.get("weightDecay")),
                    Integer.parseInt(v.get("nCtx")), v.get("ctxInit"), Integer.parseInt(v.get("depth")),
                    Float.parseFloat(v.get("kpWeight")), Integer.parseInt(v.get("kpLayers")),
                    Float.parseFloat(v.get("kgWeight")), v.get("commaMode"), Long.parseLong(v.get("seed")));
            if (!METHODS.contains(c.method())) {
                throw new KitException("unknown method '" + c.method() + "'; the kit has " + METHODS);
            }
            if (c.method().equals("COMMA") && !List.of("faithful", "as-described").contains(c.commaMode())) {
                throw new KitException("commaMode must be faithful or as-described, got '" + c.commaMode() + "'");
            }
            return c;
        } catch (NumberFormatException e) {
            throw new KitException("a training setting is not a number: " + e.getMessage() + " (in "
                    + List.of(assignments) + ")");
        }
    }

    /** The values by key, in declaration order (also what checkpoints store and compare on resume). */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("method", method);
        m.put("epochs", String.valueOf(epochs));
        m.put("lr", String.valueOf(lr));
        m.put("batchSize", String.valueOf(batchSize));
        m.put("warmupEpochs", String.valueOf(warmupEpochs));
        m.put("warmupLr", String.valueOf(warmupLr));
        m.put("momentum", String.valueOf(momentum));
        m.put("weightDecay", String.valueOf(weightDecay));
        m.put("nCtx", String.valueOf(nCtx));
        m.put("ctxInit", ctxInit);
        m.put("depth", String.valueOf(depth));
        m.put("kpWeight", String.valueOf(kpWeight));
        m.put("kpLayers", String.valueOf(kpLayers));
        m.put("kgWeight", String.valueOf(kgWeight));
        m.put("commaMode", commaMode);
        m.put("seed", String.valueOf(seed));
        return m;
    }

    public LrSchedule schedule() {
        return new LrSchedule(lr, epochs, warmupEpochs, warmupLr);
    }
}
