package org.commakit.train;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.commakit.KitException;
import org.commakit.prompt.Comma;
import org.commakit.prompt.CtpTft;
import org.commakit.prompt.ProDA;

/**
 * The settings of one training run: a reference config ({@link Method#referenceConfig}) with any value overridden by key.
 * Checkpoints store {@link #asMap()} and a resume must find the same values.
 *
 * <p>Keys: {@code method, epochs, lr, batchSize, warmupEpochs, warmupLr, momentum, weightDecay, nCtx, ctxInit}
 * ("" = random init), {@code depth} (MaPLe/COMMA prompt depth), {@code kpWeight, kpLayers} (COMMA's λ and late
 * layers), {@code kgWeight} (KgCoOp's W), {@code commaMode} ({@code faithful} or {@code as-described}),
 * ProDA's {@code prodaPrompts, prodaPromptBatch, prodaOrthoWeight, prodaPositions, prodaRenormalise}
 * ({@link ProDA.Settings}), CTP/TFT's {@code ctp, tft, ctpTau, tftTau, tftLambda, tftLambdaLearnable,
 * ctpContrastWeight} ({@link CtpTft.Settings}; a method's own keys are blank for the other methods),
 * {@code shots, seed}.
 */
public record TrainConfig(
        Method method,
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
        Comma.Mode commaMode,
        ProDA.Settings proda,
        CtpTft.Settings ctpTft,
        int shots,
        long seed) {

    /** The keys a config file may hold besides the settings: they pick the reference config. */
    public static final List<String> PRESET_KEYS = List.of("method", "protocol", "dataset");

    /** Protocol names accepted by {@link #load} (domain generalisation trains like cross-dataset). */
    public static final List<String> PROTOCOLS = List.of("base-to-new", "few-shot", "cross-dataset",
            "domain-generalization");

    public TrainConfig {
        if (method == null || !method.trains()) {
            throw new KitException("a training configuration needs a method that trains, got " + method
                    + "; the kit trains " + Method.trained().stream().map(Method::id).toList());
        }
        ctxInit = ctxInit == null ? "" : ctxInit;
        commaMode = commaMode == null ? Comma.Mode.FAITHFUL : commaMode;
        proda = proda == null ? ProDA.Settings.DEFAULT : proda;
        ctpTft = ctpTft == null ? CtpTft.Settings.DEFAULT : ctpTft;
        // finite and within bounds far beyond any published recipe: a typo (lr=1e40 is Infinity as a float) is
        // refused here instead of training to NaN and storing chance accuracies as results
        check(epochs >= 1 && epochs <= 10_000, "epochs", epochs, "from 1 to 10000");
        check(Float.isFinite(lr) && lr > 0 && lr <= 10, "lr", lr, "a number in (0, 10]");
        check(batchSize >= 1 && batchSize <= 65_536, "batchSize", batchSize, "from 1 to 65536");
        check(warmupEpochs >= 0 && warmupEpochs <= 10_000, "warmupEpochs", warmupEpochs, "from 0 to 10000");
        check(Float.isFinite(warmupLr) && warmupLr >= 0 && warmupLr <= 10, "warmupLr", warmupLr, "a number in [0, 10]");
        check(Float.isFinite(momentum) && momentum >= 0 && momentum < 1, "momentum", momentum, "a number in [0, 1)");
        check(Float.isFinite(weightDecay) && weightDecay >= 0 && weightDecay <= 1, "weightDecay", weightDecay,
                "a number in [0, 1]");
        check(nCtx >= 1 && nCtx <= 64, "nCtx", nCtx, "from 1 to 64 (CLIP reads 77 tokens)");
        boolean deep = method == Method.MAPLE || method == Method.COMMA;
        check(depth >= 0 && depth <= 48 && (!deep || depth >= 1), "depth", depth, (deep ? "from 1" : "from 0")
                + " to 48, and at most the CLIP's transformer blocks (" + method + ": 9 base-to-new, 3 cross-dataset "
                + "on ViT-B/16)");
        check(Float.isFinite(kpWeight) && kpWeight >= 0 && kpWeight <= 1000, "kpWeight", kpWeight,
                "a number in [0, 1000]");
        check(kpLayers >= 0 && kpLayers <= 48, "kpLayers", kpLayers, "from 0 to 48");
        check(Float.isFinite(kgWeight) && kgWeight >= 0 && kgWeight <= 1000, "kgWeight", kgWeight,
                "a number in [0, 1000]");
        check(shots >= 1 && shots <= 100_000, "shots", shots, "from 1 to 100000");
        check(seed >= 0, "seed", seed, "at least 0");
    }

    private static void check(boolean ok, String key, Object value, String expected) {
        if (!ok) {
            throw new KitException("training setting " + key + "=" + value + " is invalid: expected " + expected);
        }
    }


    /**
     * Reads a run's config from a small file, then applies {@code overrides} ({@code key=value}). The file is either
     * {@code key = value} lines ({@code #} starts a comment) or one JSON object. {@code method} is required;
     * {@code protocol} (one of {@link #PROTOCOLS}, default base-to-new; few-shot picks
     * {@link Method#fewShotReferenceConfig}), {@code dataset} and {@code shots} pick the reference config; every other key overrides one of its values.
     */
    public static TrainConfig load(Path file, String... overrides) {
        Map<String, String> entries = readEntries(file);
        String source = "config file " + file;
        for (String key : entries.keySet()) {
            if (!PRESET_KEYS.contains(key) && !keys().contains(key)) {
                throw unknownKey(key, source);
            }
        }
        String method = entries.get("method");
        if (method == null) {
            throw new KitException(source + " does not name a method; add a line 'method = COMMA' (one of "
                    + Method.trained().stream().map(Method::id).toList() + ")");
        }
        String protocol = entries.getOrDefault("protocol", "base-to-new");
        if (!PROTOCOLS.contains(protocol)) {
            throw new KitException(source + ": unknown protocol '" + protocol + "'; use one of " + PROTOCOLS);
        }
        boolean crossDataset = protocol.equals("cross-dataset") || protocol.equals("domain-generalization");
        int shots = entries.containsKey("shots") ? parseInt("shots", entries.get("shots"), source) : 16;
        TrainConfig preset = protocol.equals("few-shot")
                ? Method.of(method).fewShotReferenceConfig(shots, entries.get("dataset"))
                : Method.of(method).referenceConfig(crossDataset, shots, entries.get("dataset"));
        Map<String, String> settings = new LinkedHashMap<>(entries);
        PRESET_KEYS.forEach(settings::remove);
        return preset.with(settings, source).with(overrides);
    }

    private static Map<String, String> readEntries(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new KitException("config file " + file + " not found");
        } catch (IOException e) {
            throw new KitException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (text.strip().startsWith("{")) {
            JsonObject json;
            try {
                json = new Gson().fromJson(text, JsonObject.class);
            } catch (JsonParseException e) {
                throw new KitException("config file " + file + " is not valid JSON: " + e.getMessage());
            }
            for (Map.Entry<String, JsonElement> e : json.entrySet()) {
                if (!e.getValue().isJsonPrimitive()) {
                    throw new KitException("config file " + file + ": '" + e.getKey()
                            + "' must be a string or a number, got " + e.getValue());
                }
                out.put(e.getKey(), e.getValue().getAsString());
            }
            return out;
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            line = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new KitException("config file " + file + " line " + (i + 1) + ": '" + lines[i].strip()
                        + "' is not 'key = value'");
            }
            String key = line.substring(0, eq).strip();
            if (out.put(key, unquote(line.substring(eq + 1).strip())) != null) {
                throw new KitException("config file " + file + " line " + (i + 1) + ": '" + key + "' is set twice");
            }
        }
        return out;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    /** This configuration with some values replaced, each {@code key=value}. */
    public TrainConfig with(String... assignments) {
        Map<String, String> changes = new LinkedHashMap<>();
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new KitException("training setting '" + a + "' is not key=value (keys: " + keys() + ")");
            }
            changes.put(a.substring(0, eq).trim(), unquote(a.substring(eq + 1).trim()));
        }
        return with(changes, "the overrides");
    }

    /** This configuration with the values of {@code changes} (by key) replaced; {@code source} is for errors. */
    public TrainConfig with(Map<String, String> changes, String source) {
        Map<String, String> v = asMap();
        for (Map.Entry<String, String> c : changes.entrySet()) {
            if (!v.containsKey(c.getKey())) {
                throw unknownKey(c.getKey(), source);
            }
            if (c.getKey().equals("method") && Method.of(c.getValue()) != method) {
                throw new KitException("method=" + c.getValue() + " in " + source + " would keep " + method
                        + "'s other values; start from that method's reference config instead (Method.referenceConfig"
                        + " or a config file naming the method)");
            }
            v.put(c.getKey(), c.getValue());
        }
        return new TrainConfig(Method.of(v.get("method")), parseInt("epochs", v.get("epochs"), source),
                parseFloat("lr", v.get("lr"), source), parseInt("batchSize", v.get("batchSize"), source),
                parseInt("warmupEpochs", v.get("warmupEpochs"), source),
                parseFloat("warmupLr", v.get("warmupLr"), source), parseFloat("momentum", v.get("momentum"), source),
                parseFloat("weightDecay", v.get("weightDecay"), source), parseInt("nCtx", v.get("nCtx"), source),
                v.get("ctxInit"), parseInt("depth", v.get("depth"), source),
                parseFloat("kpWeight", v.get("kpWeight"), source), parseInt("kpLayers", v.get("kpLayers"), source),
                parseFloat("kgWeight", v.get("kgWeight"), source), v.get("commaMode").isEmpty() ? Comma.Mode.FAITHFUL : Comma.Mode.of(v.get("commaMode")),
                prodaSettings(v, source), ctpTftSettings(v, source),
                parseInt("shots", v.get("shots"), source), parseLong("seed", v.get("seed"), source));
    }

    private static ProDA.Settings prodaSettings(Map<String, String> v, String source) {
        ProDA.Settings d = ProDA.Settings.DEFAULT;
        return new ProDA.Settings(
                orDefault(v, "prodaPrompts", d.prompts(), s -> parseInt("prodaPrompts", s, source)),
                orDefault(v, "prodaPromptBatch", d.promptBatch(), s -> parseInt("prodaPromptBatch", s, source)),
                orDefault(v, "prodaOrthoWeight", d.orthoWeight(), s -> parseFloat("prodaOrthoWeight", s, source)),
                orDefault(v, "prodaPositions", d.positions(), s -> s),
                orDefault(v, "prodaRenormalise", d.renormalise(), s -> parseBoolean("prodaRenormalise", s, source)));
    }

    private static CtpTft.Settings ctpTftSettings(Map<String, String> v, String source) {
        CtpTft.Settings d = CtpTft.Settings.DEFAULT;
        return new CtpTft.Settings(orDefault(v, "ctp", d.ctp(), s -> s), orDefault(v, "tft", d.tft(), s -> s),
                orDefault(v, "ctpTau", d.ctpTau(), s -> parseFloat("ctpTau", s, source)),
                orDefault(v, "tftTau", d.tftTau(), s -> parseFloat("tftTau", s, source)),
                orDefault(v, "tftLambda", d.tftLambda(), s -> parseFloat("tftLambda", s, source)),
                orDefault(v, "tftLambdaLearnable", d.tftLambdaLearnable(),
                        s -> parseBoolean("tftLambdaLearnable", s, source)),
                orDefault(v, "ctpContrastWeight", d.contrastWeight(),
                        s -> parseFloat("ctpContrastWeight", s, source)));
    }

    /** A method's own key: blank (another method's config) means its default. */
    private static <T> T orDefault(Map<String, String> v, String key, T dflt,
            java.util.function.Function<String, T> parse) {
        String s = v.get(key);
        return s == null || s.isBlank() ? dflt : parse.apply(s);
    }

    private static boolean parseBoolean(String key, String value, String source) {
        String s = value.trim().toLowerCase(java.util.Locale.ROOT);
        if (!s.equals("true") && !s.equals("false")) {
            throw notANumber(key, value, source, "true or false");
        }
        return s.equals("true");
    }

    private static KitException unknownKey(String key, String source) {
        List<String> valid = new ArrayList<>(keys());
        if (source.startsWith("config file")) {
            valid.addAll(1, List.of("protocol", "dataset"));
        }
        return new KitException("unknown training setting '" + key + "' in " + source + "; valid keys: " + valid);
    }

    private static int parseInt(String key, String value, String source) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw notANumber(key, value, source, "an integer");
        }
    }

    private static long parseLong(String key, String value, String source) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw notANumber(key, value, source, "an integer");
        }
    }

    private static float parseFloat(String key, String value, String source) {
        float f;
        try {
            f = Float.parseFloat(value.trim());
        } catch (NumberFormatException e) {
            throw notANumber(key, value, source, "a number");
        }
        if (!Float.isFinite(f)) { // NaN, Infinity, or a value beyond a float's range such as 1e40
            throw notANumber(key, value, source, "a finite number (a float reaches about 3.4e38)");
        }
        return f;
    }

    private static KitException notANumber(String key, String value, String source, String expected) {
        return new KitException("training setting " + key + "='" + value + "' in " + source + " is not " + expected);
    }

    /** Every setting's key, in declaration order. */
    public static Set<String> keys() {
        return Method.COMMA.referenceConfig(false).asMap().keySet();
    }

    /** The values by key, in declaration order (also what checkpoints store and compare on resume). */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("method", method.id());
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
        m.put("commaMode", method == Method.COMMA ? commaMode.id() : ""); // only COMMA reads it
        boolean p = method == Method.PRODA; // only ProDA reads these
        m.put("prodaPrompts", p ? String.valueOf(proda.prompts()) : "");
        m.put("prodaPromptBatch", p ? String.valueOf(proda.promptBatch()) : "");
        m.put("prodaOrthoWeight", p ? String.valueOf(proda.orthoWeight()) : "");
        m.put("prodaPositions", p ? proda.positions() : "");
        m.put("prodaRenormalise", p ? String.valueOf(proda.renormalise()) : "");
        boolean c = method == Method.CTP_TFT; // only CTP/TFT reads these
        m.put("ctp", c ? ctpTft.ctp() : "");
        m.put("tft", c ? ctpTft.tft() : "");
        m.put("ctpTau", c ? String.valueOf(ctpTft.ctpTau()) : "");
        m.put("tftTau", c ? String.valueOf(ctpTft.tftTau()) : "");
        m.put("tftLambda", c ? String.valueOf(ctpTft.tftLambda()) : "");
        m.put("tftLambdaLearnable", c ? String.valueOf(ctpTft.tftLambdaLearnable()) : "");
        m.put("ctpContrastWeight", c ? String.valueOf(ctpTft.contrastWeight()) : "");
        m.put("shots", String.valueOf(shots));
        m.put("seed", String.valueOf(seed));
        return m;
    }

    public LrSchedule schedule() {
        return new LrSchedule(lr, epochs, warmupEpochs, warmupLr);
    }
}
