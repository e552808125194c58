package org.commakit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.commakit.bench.Rehearsal;
import org.commakit.bench.RehearsalWorld;
import org.commakit.plot.PlotlyHtml;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default rehearsal (docs/reproduce.md#rehearsal) run once, in process: a random-weight ViT-B/16 and the 15
 * datasets in their real layouts, every method on the three protocols through the full preset, to the tables beside
 * the published numbers and the plots, with each method's seconds per step, peak RSS and CPU time recorded. About
 * 300 s of CPU with one libtorch thread (4-5 minutes on two idle cores), mostly ViT-B/16 image encodings: 84
 * trainings and the test images of zero-shot CLIP, MaPLe, COMMA and CTP/TFT (docs/reproduce.md#rehearsal).
 */
class RehearsalTest {

    static final List<String> METHODS = List.of("ZeroShotCLIP", "CoOp", "CoCoOp", "KgCoOp", "MaPLe", "COMMA", "ProDA",
            "CTP-TFT");

    @TempDir
    static Path out;
    static String printed;

    @BeforeAll
    static void rehearse() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            Rehearsal.run(out, RehearsalWorld.DEFAULT, false, print);
        }
        printed = buf.toString(StandardCharsets.UTF_8);
        System.out.println(printed.lines().dropWhile(l -> !l.startsWith("Rehearsal (")).reduce("", (a, b) -> a + b
                + "\n"));
    }

    /**
     * OpenAI's ViT-B/16 state dict: names, shapes and the storage type of its release ({@code convert_weights}: Conv,
     * Linear and attention weights and biases and the two projections in fp16; embeddings, LayerNorms and
     * logit_scale in fp32). Written out here from the model's definition, not from the kit's code.
     */
    static Map<String, String> openAiVitB16() {
        Map<String, String> t = new TreeMap<>();
        t.put("visual.conv1.weight", "F16[768, 3, 16, 16]");
        t.put("visual.class_embedding", "F32[768]");
        t.put("visual.positional_embedding", "F32[197, 768]");
        t.put("visual.ln_pre.weight", "F32[768]");
        t.put("visual.ln_pre.bias", "F32[768]");
        t.put("visual.ln_post.weight", "F32[768]");
        t.put("visual.ln_post.bias", "F32[768]");
        t.put("visual.proj", "F16[768, 512]");
        t.put("token_embedding.weight", "F32[49408, 512]");
        t.put("positional_embedding", "F32[77, 512]");
        t.put("ln_final.weight", "F32[512]");
        t.put("ln_final.bias", "F32[512]");
        t.put("text_projection", "F16[512, 512]");
        t.put("logit_scale", "F32[]");
        for (String[] tower : new String[][] {{"visual.transformer.resblocks.", "768"}, {"transformer.resblocks.",
            "512"}}) {
            int w = Integer.parseInt(tower[1]);
            for (int i = 0; i < 12; i++) {
                String p = tower[0] + i + ".";
                t.put(p + "attn.in_proj_weight", "F16[" + 3 * w + ", " + w + "]");
                t.put(p + "attn.in_proj_bias", "F16[" + 3 * w + "]");
                t.put(p + "attn.out_proj.weight", "F16[" + w + ", " + w + "]");
                t.put(p + "attn.out_proj.bias", "F16[" + w + "]");
                t.put(p + "ln_1.weight", "F32[" + w + "]");
                t.put(p + "ln_1.bias", "F32[" + w + "]");
                t.put(p + "mlp.c_fc.weight", "F16[" + 4 * w + ", " + w + "]");
                t.put(p + "mlp.c_fc.bias", "F16[" + 4 * w + "]");
                t.put(p + "mlp.c_proj.weight", "F16[" + w + ", " + 4 * w + "]");
                t.put(p + "mlp.c_proj.bias", "F16[" + w + "]");
                t.put(p + "ln_2.weight", "F32[" + w + "]");
                t.put(p + "ln_2.bias", "F32[" + w + "]");
            }
        }
        return t;
    }

    @Test
    void theCheckpointHasOpenAisViTB16TensorNamesShapesAndStorageTypes() throws IOException {
        JsonObject header;
        try (FileChannel ch = FileChannel.open(out.resolve(Rehearsal.CHECKPOINT))) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(len, 0);
            ByteBuffer json = ByteBuffer.allocate((int) len.getLong(0));
            ch.read(json, 8);
            header = new Gson().fromJson(new String(json.array(), StandardCharsets.UTF_8), JsonObject.class);
        }
        Map<String, String> found = new TreeMap<>();
        long parameters = 0;
        for (Map.Entry<String, JsonElement> e : header.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            JsonObject info = e.getValue().getAsJsonObject();
            long[] shape = new Gson().fromJson(info.get("shape"), long[].class);
            found.put(e.getKey(), info.get("dtype").getAsString() + Arrays.toString(shape));
            parameters += Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        }
        assertEquals(openAiVitB16(), found);
        assertEquals(302, found.size());
        assertEquals(149_620_737L, parameters); // ViT-B/16's published parameter count
    }

    static Path tables() {
        return out.resolve("results/tables");
    }

    @Test
    void theThreeTablesHoldEveryMethodWithANumberInEveryCell() throws IOException {
        List<Map<String, String>> b2n = csv(tables().resolve("base2new.csv"));
        assertEquals(List.of("ImageNet", "Caltech101", "OxfordPets", "StanfordCars", "OxfordFlowers", "Food101",
                "FGVCAircraft", "SUN397", "DescribableTextures", "EuroSAT", "UCF101", "Average"),
                b2n.stream().map(r -> r.get("Dataset")).toList());
        for (Map<String, String> row : b2n) {
            for (String m : METHODS) {
                for (String metric : List.of("Base", "New", "HM")) {
                    assertPercent(row.getOrDefault(m + " " + metric, ""), "base2new " + row.get("Dataset") + " " + m
                            + " " + metric);
                }
            }
        }
        for (String[] t : new String[][] {{"xd.csv", "12"}, {"dg.csv", "6"}}) {
            List<Map<String, String>> rows = csv(tables().resolve(t[0]));
            assertEquals(METHODS, rows.stream().map(r -> r.get("Method")).toList(), t[0]);
            for (Map<String, String> row : rows) {
                assertEquals(Integer.parseInt(t[1]) + 1, row.size(), t[0] + ": Method, the datasets and Average");
                row.forEach((column, cell) -> {
                    if (!column.equals("Method")) {
                        assertPercent(cell, t[0] + " " + row.get("Method") + " " + column);
                    }
                });
            }
        }
        // every job of the matrix stored one row: base-to-new 11 x (7 x 3 + 2), cross-dataset 7 + 8 + 8 x 10, DG 8 x 4
        List<Map<String, String>> results = csv(out.resolve("results/results.csv"));
        assertEquals(253 + 95 + 32, results.size());
        // every evaluation had images: a tested base class and a tested new class in every dataset (the default
        // world tests 2 of the 4 classes outside ImageNet and its variants); ImageNet and its variants test all
        for (Map<String, String> r : results) {
            if (r.get("phase").startsWith("test-")) {
                int n = Integer.parseInt(r.get("n_test"));
                boolean imageNet = r.get("dataset").startsWith("ImageNet");
                int expected = r.get("phase").equals("test-base") || r.get("phase").equals("test-new")
                        ? (imageNet ? 2 : 1) : r.get("dataset").equals("ImageNetR") ? 3 : imageNet ? 4 : 2;
                assertEquals(expected, n, r.toString());
            }
        }
    }

    @Test
    void thePublishedCellsAreFilledBesideTheKitsNumbers() throws IOException {
        // rows with a published HM: per dataset and Average for CLIP, CoOp, CoCoOp and MaPLe; KgCoOp, COMMA and ProDA
        // published only their averages; CTP/TFT (provisional interpretation) has no published counterpart
        Map<String, Integer> expected = Map.of("ZeroShotCLIP", 12, "CoOp", 12, "CoCoOp", 12, "KgCoOp", 1, "MaPLe", 12,
                "COMMA", 1, "ProDA", 1, "CTP-TFT", 0);
        List<Map<String, String>> b2n = csv(tables().resolve("base2new-beside-published.csv"));
        assertEquals(METHODS.size() * 12, b2n.size());
        for (String m : METHODS) {
            List<Map<String, String>> mine = b2n.stream().filter(r -> r.get("Method").equals(m)).toList();
            int published = expected.getOrDefault(m, 0);
            assertEquals(published, (int) mine.stream().filter(r -> !r.get("HM paper").isEmpty()).count(), m);
            Map<String, String> average = mine.get(mine.size() - 1);
            assertEquals("Average", average.get("Dataset"));
            if (published == 0) {
                assertTrue(average.get("Paper source").contains("no published counterpart"), average.toString());
                continue;
            }
            for (String metric : List.of("Base", "New", "HM")) {
                assertPercent(average.get(metric + " paper"), m + " Average " + metric + " paper");
                assertDelta(average, metric);
            }
            assertFalse(average.get("Paper source").isEmpty(), m);
        }
        Map<String, String> clipImageNet = b2n.get(0);
        assertEquals(List.of("ZeroShotCLIP", "ImageNet", "72.43", "68.14", "70.22"), List.of(clipImageNet.get("Method"),
                clipImageNet.get("Dataset"), clipImageNet.get("Base paper"), clipImageNet.get("New paper"),
                clipImageNet.get("HM paper")));
        // cross-dataset and DG: CoOp, CoCoOp and MaPLe published source, every target and the average
        for (String[] t : new String[][] {{"xd-beside-published.csv", "12"}, {"dg-beside-published.csv", "6"}}) {
            List<Map<String, String>> rows = csv(tables().resolve(t[0]));
            int per = Integer.parseInt(t[1]);
            assertEquals(METHODS.size() * per, rows.size(), t[0]);
            for (String m : METHODS) {
                List<Map<String, String>> mine = rows.stream().filter(r -> r.get("Method").equals(m)).toList();
                long filled = mine.stream().filter(r -> !r.get("Accuracy paper").isEmpty()).count();
                assertEquals(List.of("CoOp", "CoCoOp", "MaPLe").contains(m) ? per : 0, (int) filled, t[0] + " " + m);
                for (Map<String, String> r : mine) {
                    assertPercent(r.get("Accuracy"), t[0] + " " + m + " " + r.get("Dataset"));
                    if (!r.get("Accuracy paper").isEmpty()) {
                        assertDelta(r, "Accuracy");
                    }
                }
            }
        }
    }

    /** {@code <metric> delta} is the kit's value minus the paper's (each rounded to two decimals). */
    static void assertDelta(Map<String, String> row, String metric) {
        double kit = Double.parseDouble(row.get(metric));
        double paper = Double.parseDouble(row.get(metric + " paper"));
        assertEquals(kit - paper, Double.parseDouble(row.get(metric + " delta")), 0.011, row.toString());
    }

    @Test
    void thePlotsAreWritten() throws IOException {
        try (Stream<Path> pages = Files.list(out.resolve("results/plots"))) {
            List<Path> html = pages.filter(p -> p.toString().endsWith(".html")).toList();
            assertTrue(html.size() >= 5, html.toString());
            // the pages are small and load the one plotly.js written beside them (offline)
            Path library = out.resolve("results/plots").resolve(PlotlyHtml.LIBRARY_FILE);
            assertTrue(Files.size(library) > 1_000_000, library + " is not plotly.js");
            for (Path p : html) {
                String page = Files.readString(p);
                assertTrue(page.contains("src=\"" + PlotlyHtml.LIBRARY_FILE + "\"") && page.contains("Plotly.newPlot("),
                        p + " does not draw with the plotly.js beside it");
            }
        }
    }

    @Test
    void eachMethodsSecondsPerStepPeakRssAndCpuTimeAreRecordedAndPrinted() throws IOException {
        List<Map<String, String>> rows = csv(out.resolve(Rehearsal.FIGURES));
        assertEquals(METHODS, rows.stream().map(r -> r.get("method")).toList());
        // steps: one per base-to-new training (2 base images, one batch) and one for ImageNet's 4 images, except
        // CoCoOp's batch of 1: 2 per base-to-new training and 4 on ImageNet
        // (ProDA has CoOp's batch, CTP/TFT CoCoOp's)
        Map<String, Integer> steps = Map.of("ZeroShotCLIP", 0, "CoOp", 12, "CoCoOp", 26, "KgCoOp", 12, "MaPLe", 12,
                "COMMA", 12, "ProDA", 12, "CTP-TFT", 26);
        for (Map<String, String> r : rows) {
            String m = r.get("method");
            assertEquals(steps.get(m), Integer.parseInt(r.get("steps")), m);
            assertEquals(m.equals("ZeroShotCLIP") ? 0 : 12, Integer.parseInt(r.get("trainings")), m);
            // every job's progress line was metered: base-to-new 11 x 3 (zero-shot 2), cross-dataset 1 + 1 + 10, DG 4
            assertEquals(m.equals("ZeroShotCLIP") ? 22 + 11 + 4 : 33 + 12 + 4, Integer.parseInt(r.get("jobs")), m);
            if (!m.equals("ZeroShotCLIP")) {
                double s = Double.parseDouble(r.get("s_per_step"));
                assertTrue(Double.isFinite(s) && s > 0, m + " s/step " + s);
                double cpu = Double.parseDouble(r.get("cpu_s_per_step")); // the tests run one libtorch thread
                assertTrue(Double.isFinite(cpu) && cpu > 0, m + " CPU s/step " + cpu);
                assertTrue(Double.parseDouble(r.get("train_model_s")) > 0, m);
            }
            // the ViT-B/16 weights alone are 600 MB in fp32
            assertTrue(Long.parseLong(r.get("peak_rss_mb")) > 600, m + " peak RSS " + r.get("peak_rss_mb"));
            assertTrue(Long.parseLong(r.get("peak_rss_mb")) >= Long.parseLong(r.get("start_rss_mb")), r.toString());
            assertTrue(Double.parseDouble(r.get("cpu_s")) > 0, m);
            assertTrue(Double.parseDouble(r.get("test_model_s")) > 0, m);
            assertTrue(printed.lines().anyMatch(l -> l.startsWith(m + " ") && l.contains(" MB")), printed);
        }
        assertTrue(printed.contains("estimated by the dry run's model"), printed);
    }

    @Test
    void theDataRootHasTheRealLayoutsWithGreyCmykAndPaletteImages() throws IOException {
        Path data = out.resolve("data");
        for (String f : List.of("imagenet/classnames.txt", "caltech-101/split_zhou_Caltech101.json",
                "oxford_pets/annotations/trainval.txt", "stanford_cars/split_zhou_StanfordCars.json",
                "oxford_flowers/cat_to_name.json", "food-101/meta/classes.txt", "fgvc_aircraft/variants.txt",
                "fgvc_aircraft/images_variant_test.txt", "sun397/ClassName.txt", "dtd/labels/train1.txt",
                "eurosat/split_zhou_EuroSAT.json", "ucf101/ucfTrainTestlist/classInd.txt",
                "imagenetv2/classnames.txt", "imagenet-sketch/classnames.txt",
                "imagenet-adversarial/imagenet-a/README.txt", "imagenet-rendition/imagenet-r/README.txt")) {
            assertTrue(Files.isRegularFile(data.resolve(f)), f);
        }
        Map<String, Integer> looks = new TreeMap<>();
        try (Stream<Path> all = Files.walk(data)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                String kind = kind(Files.readAllBytes(p));
                if (kind != null) {
                    looks.merge(kind, 1, Integer::sum);
                }
            }
        }
        assertEquals(Map.of("JPEG grey", 7, "JPEG CMYK (Adobe)", 3, "JPEG RGB", 113, "PNG palette", 2), looks);
        byte[] carSide = Files.readAllBytes(data.resolve("caltech-101/101_ObjectCategories/car_side/image_0001.jpg"));
        assertEquals("JPEG grey", kind(carSide)); // Caltech101's car_side class is grey
        assertEquals(List.of(500, 375), jpegSize(Files.readAllBytes(data.resolve(
                "imagenet/images/train/n01498041/n01498041_10000.JPEG"))));
        assertEquals(List.of(500, 333), jpegSize(Files.readAllBytes(data.resolve(
                "imagenet/images/train/n01531178/n01531178_10001.JPEG"))));
    }

    /** "JPEG grey", "JPEG RGB", "JPEG CMYK (Adobe)" or "PNG palette", read from the file's own markers. */
    static String kind(byte[] b) {
        if (b.length > 26 && (b[0] & 0xff) == 0x89 && b[1] == 'P') {
            return b[25] == 3 ? "PNG palette" : "PNG type " + b[25];
        }
        if (b.length < 4 || (b[0] & 0xff) != 0xFF || (b[1] & 0xff) != 0xD8) {
            return null;
        }
        boolean adobe = false;
        for (int i = 2; i + 9 < b.length; ) {
            int marker = b[i + 1] & 0xff;
            int len = (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
            if (marker == 0xEE && new String(b, i + 4, 5, StandardCharsets.US_ASCII).equals("Adobe")) {
                adobe = true;
            }
            if (marker == 0xC0 || marker == 0xC1 || marker == 0xC2) {
                int components = b[i + 9] & 0xff;
                return components == 1 ? "JPEG grey" : components == 3 ? "JPEG RGB"
                        : components == 4 && adobe ? "JPEG CMYK (Adobe)" : "JPEG with " + components + " components";
            }
            i += 2 + len;
        }
        return "JPEG without a frame header";
    }

    /** Width and height from a JPEG's frame header. */
    static List<Integer> jpegSize(byte[] b) {
        for (int i = 2; i + 9 < b.length; ) {
            int marker = b[i + 1] & 0xff;
            if (marker == 0xC0 || marker == 0xC2) {
                return List.of((b[i + 7] & 0xff) << 8 | (b[i + 8] & 0xff), (b[i + 5] & 0xff) << 8 | (b[i + 6] & 0xff));
            }
            i += 2 + ((b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff));
        }
        return List.of();
    }

    /** A CSV file's rows as column name to cell. */
    static List<Map<String, String>> csv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<String> head = split(lines.get(0));
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = split(line);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < head.size(); i++) {
                row.put(head.get(i), i < cells.size() ? cells.get(i) : "");
            }
            rows.add(row);
        }
        return rows;
    }

    /** One CSV line, quotes honoured. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        out.add(cell.toString());
        return out;
    }

    static void assertPercent(String cell, String where) {
        assertFalse(cell.isEmpty(), where + " is empty");
        double v = Double.parseDouble(cell);
        assertTrue(Double.isFinite(v) && v >= 0 && v <= 100, where + " = " + cell);
    }
}
