package org.commakit.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.commakit.KitException;
import org.commakit.clip.ClipConfig;
import org.commakit.clip.ClipWeights;
import org.commakit.clip.SafeTensors;
import org.commakit.data.Datum;
import org.commakit.data.SplitJson;

/**
 * The rehearsal's stand-ins for what cannot reach a build machine (docs/reproduce.md#rehearsal): a CLIP ViT-B/16
 * checkpoint with random weights under OpenAI's tensor names, shapes and storage types, and a data root holding all
 * 15 datasets in their real layouts (folders, split files, class-name files, image sizes), each with a few of its
 * real classes and a few synthetic images per class. Grey, CMYK and palette images sit where the real datasets have
 * such files, so the decoder meets them. Nothing in the library knows this world: the full preset reads it as it
 * would read the downloaded benchmarks.
 */
public final class RehearsalWorld {
    private RehearsalWorld() {}

    /** CLIP ViT-B/16: embed 512, 224 px, patch 16, vision width 768 x 12 blocks, 77 tokens, text width 512 x 12. */
    public static final ClipConfig VIT_B16 = new ClipConfig(512, 224, 16, 768, 12, 12, 77, 49408, 512, 12, 8);

    /**
     * How big a rehearsal is: classes per dataset (half base, half new), images per class and split, and the
     * training settings given to the full preset. {@code testedEvery}: in the split-file datasets other than ImageNet
     * (Caltech101 to UCF101) only every {@code testedEvery}-th class has test images (the 2nd, 4th, ... with 2; every
     * class with 1), so that base and new each keep tested classes; ImageNet and its four variants test every class
     * (ImageNet's reader wants a val folder per class, the variants' classes are their folders).
     */
    public record Scale(String name, int classes, int trainPerClass, int valPerClass, int testPerClass, int testedEvery,
                        int shots, int epochs) {
        /** The overrides of the preset's training settings. */
        public List<String> overrides() {
            return List.of("shots=" + shots, "epochs=" + epochs);
        }

        /** Whether class {@code label} of a split-file dataset has test images. */
        boolean tested(int label) {
            return label % testedEvery == testedEvery - 1;
        }
    }

    /**
     * CI: 4 classes per dataset (2 base, 2 new), one image per class and split (test images for classes 2 and 4 only,
     * one base and one new, outside ImageNet and its variants), 1 shot, 1 epoch.
     */
    public static final Scale DEFAULT = new Scale("default", 4, 1, 1, 1, 2, 1, 1);

    /** {@code --long}: 8 classes per dataset (4 base, 4 new), 4 train, 2 val and 3 test images per class, 2 shots, 2 epochs. */
    public static final Scale LONG = new Scale("long", 8, 4, 2, 3, 1, 2, 2);

    /** How an image is stored: what Pillow reports as its mode after opening it. */
    enum Look {
        RGB, GREY, CMYK, PALETTE
    }

    /**
     * Writes a random-weight ViT-B/16 as safetensors: OpenAI's 302 tensor names and shapes, and their storage types
     * in OpenAI's release, where {@code convert_weights} has made Conv, Linear and attention weights and biases and the
     * two projections fp16, and embeddings, LayerNorms and {@code logit_scale} stay fp32. Drawn as OpenAI's
     * {@code initialize_parameters} ({@link ClipWeights#initialize}) from {@code seed}.
     */
    public static void writeCheckpoint(Path file, long seed) {
        try (ClipWeights w = ClipWeights.initialize(VIT_B16, seed, Device.cpu(), DataType.FLOAT32)) {
            Map<String, NDArray> stored = new LinkedHashMap<>();
            for (String name : w.names()) {
                NDArray a = w.fp32(name);
                stored.put(name, storedAsFp16(name) ? a.toType(DataType.FLOAT16, false) : a);
            }
            SafeTensors.write(file, stored, Map.of("format", "pt", "comma.rehearsal", "random ViT-B/16 weights, seed "
                    + seed));
        }
    }

    private static final Pattern FP16 = Pattern.compile(".*(conv1\\.weight|attn\\.in_proj_(weight|bias)|"
            + "attn\\.out_proj\\.(weight|bias)|mlp\\.c_(fc|proj)\\.(weight|bias))|visual\\.proj|text_projection");

    /** Whether OpenAI's release stores this tensor in fp16 ({@code convert_weights}: Conv, Linear, attention, projections). */
    static boolean storedAsFp16(String name) {
        return FP16.matcher(name).matches();
    }

    /** One dataset of the rehearsal: its real classes (folder or id, and the name the split files give). */
    private record Kind(String folder, String name) {}

    // Real classes of each dataset, in label order (the first `classes` of each list are used).
    private static final List<Kind> IMAGENET = List.of(new Kind("n01498041", "stingray"),
            new Kind("n01531178", "goldfinch"), new Kind("n01534433", "junco"), new Kind("n01558993", "robin"),
            new Kind("n01580077", "jay"), new Kind("n01614925", "bald eagle"), new Kind("n01616318", "vulture"),
            new Kind("n01641577", "bullfrog"));
    /** ImageNet-A's 200 classes include all of the above; ImageNet-R's not the robin, the jay and the bullfrog. */
    private static final List<String> NOT_IN_IMAGENET_R = List.of("n01558993", "n01580077", "n01641577");
    private static final List<Kind> CALTECH = List.of(new Kind("Faces", "face"), new Kind("Leopards", "leopard"),
            new Kind("accordion", "accordion"), new Kind("car_side", "car_side"), new Kind("Motorbikes", "motorbike"),
            new Kind("airplanes", "airplane"), new Kind("anchor", "anchor"), new Kind("ant", "ant"));
    private static final List<String> PETS = List.of("Abyssinian", "american_bulldog", "american_pit_bull_terrier",
            "basset_hound", "beagle", "Bengal", "Birman", "Bombay");
    private static final List<String> CARS = List.of("2000 AM General Hummer SUV", "2012 Acura RL Sedan",
            "2012 Acura TL Sedan", "2008 Acura TL Type-S", "2012 Acura TSX Sedan", "2001 Acura Integra Type R",
            "2012 Acura ZDX Hatchback", "2012 Aston Martin V8 Vantage Convertible");
    private static final List<String> FLOWERS = List.of("pink primrose", "hard-leaved pocket orchid",
            "canterbury bells", "sweet pea", "english marigold", "tiger lily", "moon orchid", "bird of paradise");
    private static final List<String> FOOD = List.of("apple_pie", "baby_back_ribs", "baklava", "beef_carpaccio",
            "beef_tartare", "beet_salad", "beignets", "bibimbap");
    private static final List<String> AIRCRAFT = List.of("707-320", "727-200", "737-200", "737-300", "737-400",
            "737-500", "737-600", "737-700");
    private static final List<String> SUN = List.of("/a/abbey", "/a/airplane_cabin", "/a/apartment_building/outdoor",
            "/b/badlands", "/b/bamboo_forest", "/b/bar", "/c/campsite", "/c/canyon");
    private static final List<String> DTD = List.of("banded", "blotchy", "braided", "bubbly", "bumpy", "chequered",
            "cobwebbed", "cracked");
    private static final List<String> EUROSAT = List.of("AnnualCrop", "Forest", "HerbaceousVegetation", "Highway",
            "Industrial", "Pasture", "PermanentCrop", "Residential");
    private static final Map<String, String> EUROSAT_NAMES = Map.of("AnnualCrop", "Annual Crop Land", "Forest",
            "Forest", "HerbaceousVegetation", "Herbaceous Vegetation Land", "Highway", "Highway or Road", "Industrial",
            "Industrial Buildings", "Pasture", "Pasture Land", "PermanentCrop", "Permanent Crop Land", "Residential",
            "Residential Buildings");
    private static final List<String> UCF = List.of("ApplyEyeMakeup", "ApplyLipstick", "Archery", "BabyCrawling",
            "BalanceBeam", "BandMarching", "BaseballPitch", "Basketball");

    /** Writes the data root under {@code root} (created; existing files are overwritten). Returns the images written. */
    public static int writeData(Path root, Scale scale) {
        try {
            return new Writer(root, scale).all();
        } catch (IOException e) {
            throw KitException.io("write the rehearsal's data root under " + root, e, "");
        }
    }

    /** Writes the datasets one by one; counts images. */
    private static final class Writer {
        final Path root;
        final Scale scale;
        int images;

        Writer(Path root, Scale scale) {
            this.root = root;
            this.scale = scale;
        }

        <T> List<T> first(List<T> all) {
            return all.subList(0, scale.classes());
        }

        int all() throws IOException {
            imageNet();
            caltech();
            pets();
            cars();
            flowers();
            food();
            aircraft();
            sun();
            dtd();
            eurosat();
            ucf();
            imageNetVariants();
            return images;
        }

        /** The three splits of a JSON dataset, images written by {@code file(split, label, index)}. */
        interface Files3 {
            Path file(String split, int label, int index);
        }

        List<List<Datum>> splits(List<String> names, Files3 files, Size size, Special special) throws IOException {
            List<List<Datum>> out = new ArrayList<>();
            String[] splitNames = {"train", "val", "test"};
            int[] per = {scale.trainPerClass(), scale.valPerClass(), scale.testPerClass()};
            for (int s = 0; s < 3; s++) {
                List<Datum> items = new ArrayList<>();
                for (int i = 0; i < per[s]; i++) {
                    for (int label = 0; label < names.size(); label++) { // file order: classes interleaved
                        if (s == 2 && !scale.tested(label)) {
                            continue;
                        }
                        Path f = files.file(splitNames[s], label, i);
                        image(f, size.of(label + i), special.look(splitNames[s], label, i), label, i);
                        items.add(new Datum(f, label, names.get(label)));
                    }
                }
                out.add(items);
            }
            return out;
        }

        void json(Path splitFile, Path prefix, List<List<Datum>> s) {
            SplitJson.write(splitFile, prefix, s.get(0), s.get(1), s.get(2));
        }

        void imageNet() throws IOException {
            Path d = root.resolve("imagenet");
            List<Kind> classes = first(IMAGENET);
            classnames(d, classes);
            for (int label = 0; label < classes.size(); label++) {
                String wnid = classes.get(label).folder();
                for (int i = 0; i < scale.trainPerClass(); i++) { // ImageNet holds grey and CMYK JPEGs
                    image(d.resolve("images/train/" + wnid + "/" + wnid + "_" + (10_000 + 37 * i + label) + ".JPEG"),
                            IMAGENET_SIZES.of(label + i), label == 0 && i == 0 ? Look.GREY : Look.RGB, label, i);
                }
                for (int i = 0; i < scale.testPerClass(); i++) {
                    image(d.resolve(String.format(Locale.ROOT, "images/val/%s/ILSVRC2012_val_%08d.JPEG", wnid,
                            1 + label * 50 + i)), IMAGENET_SIZES.of(label + i + 1),
                            label == 1 && i == 0 ? Look.CMYK : Look.RGB, label, i);
                }
            }
        }

        void classnames(Path d, List<Kind> classes) throws IOException {
            StringBuilder sb = new StringBuilder();
            for (Kind k : classes) {
                sb.append(k.folder()).append(' ').append(k.name()).append('\n');
            }
            write(d.resolve("classnames.txt"), sb.toString());
        }

        void caltech() throws IOException {
            Path d = root.resolve("caltech-101");
            Path images = d.resolve("101_ObjectCategories");
            List<Kind> classes = new ArrayList<>(first(CALTECH));
            classes.sort((a, b) -> a.folder().compareTo(b.folder())); // labels: sorted folders, upper case first
            List<String> names = classes.stream().map(Kind::name).toList();
            int[] next = new int[classes.size()];
            List<List<Datum>> s = splits(names, (split, label, i) -> images.resolve(classes.get(label).folder())
                    .resolve(String.format(Locale.ROOT, "image_%04d.jpg", ++next[label])), CALTECH_SIZES,
                    (split, label, i) -> classes.get(label).folder().equals("car_side") ? Look.GREY : Look.RGB);
            for (String ignored : List.of("BACKGROUND_Google", "Faces_easy")) { // folders that are not classes
                image(images.resolve(ignored + "/image_0001.jpg"), CALTECH_SIZES.of(0), Look.RGB, 0, 0);
            }
            json(d.resolve("split_zhou_Caltech101.json"), images, s);
        }

        void pets() throws IOException {
            Path d = root.resolve("oxford_pets");
            List<String> breeds = first(PETS);
            List<String> names = breeds.stream().map(b -> b.toLowerCase(Locale.ROOT)).toList();
            List<List<Datum>> s = splits(names, (split, label, i) -> d.resolve("images").resolve(breeds.get(label)
                    + "_" + ((split.equals("test") ? 200 : split.equals("val") ? 150 : 100) + i) + ".jpg"), PETS_SIZES,
                    (split, label, i) -> Look.RGB);
            // file names: <Breed>_<n>.jpg; the annotation lists: "<stem> <class id> <species> <breed id>"
            StringBuilder trainval = new StringBuilder();
            StringBuilder test = new StringBuilder();
            for (int part = 0; part < 3; part++) {
                for (Datum x : s.get(part)) {
                    String stem = x.impath().getFileName().toString();
                    stem = stem.endsWith(".jpg") ? stem.substring(0, stem.length() - 4) : stem;
                    String breed = breeds.get(x.label());
                    boolean cat = Character.isUpperCase(breed.charAt(0));
                    (part == 2 ? test : trainval).append(stem).append(' ').append(x.label() + 1).append(' ')
                            .append(cat ? 1 : 2).append(' ').append(x.label() + 1).append('\n');
                }
            }
            write(d.resolve("annotations/trainval.txt"), trainval.toString());
            write(d.resolve("annotations/test.txt"), test.toString());
            json(d.resolve("split_zhou_OxfordPets.json"), d.resolve("images"), s);
        }

        void cars() throws IOException {
            Path d = root.resolve("stanford_cars");
            int[] n = {0, 0};
            List<List<Datum>> s = splits(first(CARS), (split, label, i) -> split.equals("test")
                    ? d.resolve(String.format(Locale.ROOT, "cars_test/%05d.jpg", ++n[1]))
                    : d.resolve(String.format(Locale.ROOT, "cars_train/%05d.jpg", ++n[0])), CARS_SIZES,
                    (split, label, i) -> Look.RGB);
            write(d.resolve("devkit/README.txt"), "Rehearsal stand-in of the Stanford Cars devkit: the kit reads "
                    + "split_zhou_StanfordCars.json and never the devkit's .mat files, so they are left out.\n");
            json(d.resolve("split_zhou_StanfordCars.json"), d, s);
        }

        void flowers() throws IOException {
            Path d = root.resolve("oxford_flowers");
            int[] n = {0};
            List<String> names = first(FLOWERS);
            List<List<Datum>> s = splits(names, (split, label, i) -> d.resolve(String.format(Locale.ROOT,
                    "jpg/image_%05d.jpg", ++n[0])), FLOWERS_SIZES, (split, label, i) -> Look.RGB);
            StringBuilder cat = new StringBuilder("{");
            for (int i = 0; i < names.size(); i++) {
                cat.append(i == 0 ? "" : ", ").append('"').append(i + 1).append("\": \"").append(names.get(i))
                        .append('"');
            }
            write(d.resolve("cat_to_name.json"), cat.append("}\n").toString());
            json(d.resolve("split_zhou_OxfordFlowers.json"), d.resolve("jpg"), s);
        }

        void food() throws IOException {
            Path d = root.resolve("food-101");
            List<String> names = first(FOOD);
            List<List<Datum>> s = splits(names, (split, label, i) -> d.resolve("images").resolve(names.get(label))
                    .resolve((100_000 + 7919 * (label + 1) + (split.equals("test") ? 500 : split.equals("val") ? 250
                    : 0) + i) + ".jpg"), FOOD_SIZES, (split, label, i) -> Look.RGB);
            write(d.resolve("meta/classes.txt"), String.join("\n", names) + "\n");
            write(d.resolve("meta/labels.txt"), String.join("\n", names.stream().map(x -> {
                String t = x.replace('_', ' ');
                return Character.toUpperCase(t.charAt(0)) + t.substring(1);
            }).toList()) + "\n");
            json(d.resolve("split_zhou_Food101.json"), d.resolve("images"), s);
        }

        void aircraft() throws IOException {
            Path d = root.resolve("fgvc_aircraft");
            List<String> variants = first(AIRCRAFT);
            String[] splitNames = {"train", "val", "test"};
            int[] per = {scale.trainPerClass(), scale.valPerClass(), scale.testPerClass()};
            int id = 1_000_000;
            for (int s = 0; s < 3; s++) { // Aircraft holds grey and CMYK JPEGs
                StringBuilder lines = new StringBuilder();
                for (int i = 0; i < per[s]; i++) {
                    for (int label = 0; label < variants.size(); label++) {
                        if (s == 2 && !scale.tested(label)) {
                            continue;
                        }
                        String name = String.format(Locale.ROOT, "%07d", id += 1_013);
                        Look look = s == 2 && label == 1 && i == 0 ? Look.CMYK : s == 0 && label == 3 && i == 0
                                ? Look.GREY : Look.RGB;
                        image(d.resolve("images/" + name + ".jpg"), AIRCRAFT_SIZES.of(label + i), look, label, i);
                        lines.append(name).append(' ').append(variants.get(label)).append('\n');
                    }
                }
                write(d.resolve("images_variant_" + splitNames[s] + ".txt"), lines.toString());
            }
            write(d.resolve("variants.txt"), String.join("\n", variants) + "\n");
        }

        void sun() throws IOException {
            Path d = root.resolve("sun397");
            List<String> lines = first(SUN);
            List<String> names = lines.stream().map(RehearsalWorld::sunName).toList();
            SplittableRandom r = new SplittableRandom(397);
            List<List<Datum>> s = splits(names, (split, label, i) -> d.resolve("SUN397" + lines.get(label) + "/sun_"
                    + letters(r, 16) + ".jpg"), SUN_SIZES, (split, label, i) -> split.equals("train") && label == 2
                    && i == 0 ? Look.CMYK : split.equals("test") && label == 1 && i == 0 ? Look.GREY : Look.RGB);
            write(d.resolve("ClassName.txt"), String.join("\n", lines) + "\n");
            json(d.resolve("split_zhou_SUN397.json"), d.resolve("SUN397"), s);
        }

        void dtd() throws IOException {
            Path d = root.resolve("dtd");
            List<String> names = first(DTD);
            int[] n = new int[names.size()];
            List<List<Datum>> s = splits(names, (split, label, i) -> {
                boolean palette = split.equals("train") && label == 1 && i == 0;
                return d.resolve("images").resolve(names.get(label)).resolve(String.format(Locale.ROOT,
                        "%s_%04d.%s", names.get(label), ++n[label] * 7, palette ? "png" : "jpg"));
            }, DTD_SIZES, (split, label, i) -> split.equals("train") && label == 1 && i == 0 ? Look.PALETTE : Look.RGB);
            String[] splitNames = {"train1", "val1", "test1"};
            for (int k = 0; k < 3; k++) {
                StringBuilder b = new StringBuilder();
                for (Datum x : s.get(k)) {
                    b.append(d.resolve("images").relativize(x.impath()).toString().replace('\\', '/')).append('\n');
                }
                write(d.resolve("labels/" + splitNames[k] + ".txt"), b.toString());
            }
            json(d.resolve("split_zhou_DescribableTextures.json"), d.resolve("images"), s);
        }

        void eurosat() throws IOException {
            Path d = root.resolve("eurosat");
            List<String> folders = first(EUROSAT);
            int[] n = new int[folders.size()];
            List<List<Datum>> s = splits(folders.stream().map(EUROSAT_NAMES::get).toList(), (split, label, i) ->
                    d.resolve("2750").resolve(folders.get(label)).resolve(folders.get(label) + "_" + (++n[label] * 11)
                    + ".jpg"), new Size(64, 64), (split, label, i) -> Look.RGB);
            json(d.resolve("split_zhou_EuroSAT.json"), d.resolve("2750"), s);
        }

        void ucf() throws IOException {
            Path d = root.resolve("ucf101");
            List<String> actions = first(UCF);
            List<String> names = actions.stream().map(RehearsalWorld::ucfName).toList();
            int[] group = new int[actions.size()];
            StringBuilder train = new StringBuilder();
            StringBuilder test = new StringBuilder();
            List<List<Datum>> s = splits(names, (split, label, i) -> {
                int g = 8 + ++group[label];
                String video = String.format(Locale.ROOT, "v_%s_g%02d_c%02d", actions.get(label), g, 1 + i % 4);
                (split.equals("test") ? test : train).append(actions.get(label)).append('/').append(video)
                        .append(".avi").append(split.equals("test") ? "" : " " + (label + 1)).append('\n');
                return d.resolve("UCF-101-midframes").resolve(names.get(label)).resolve(video + ".jpg");
            }, new Size(320, 240), (split, label, i) -> Look.RGB);
            StringBuilder classInd = new StringBuilder();
            for (int i = 0; i < actions.size(); i++) {
                classInd.append(i + 1).append(' ').append(actions.get(i)).append("\r\n");
            }
            write(d.resolve("ucfTrainTestlist/classInd.txt"), classInd.toString());
            write(d.resolve("ucfTrainTestlist/trainlist01.txt"), train.toString());
            write(d.resolve("ucfTrainTestlist/testlist01.txt"), test.toString());
            json(d.resolve("split_zhou_UCF101.json"), d.resolve("UCF-101-midframes"), s);
        }

        void imageNetVariants() throws IOException {
            List<Kind> classes = first(IMAGENET);
            SplittableRandom r = new SplittableRandom(2);
            Path v2 = root.resolve("imagenetv2");
            classnames(v2, classes);
            Path sketch = root.resolve("imagenet-sketch");
            classnames(sketch, classes);
            Path a = root.resolve("imagenet-adversarial");
            classnames(a, classes);
            Path rend = root.resolve("imagenet-rendition");
            classnames(rend, classes);
            for (int label = 0; label < classes.size(); label++) {
                String wnid = classes.get(label).folder();
                for (int i = 0; i < scale.testPerClass(); i++) {
                    image(v2.resolve("imagenetv2-matched-frequency-format-val/" + label + "/" + hex(r, 40) + ".jpeg"),
                            IMAGENET_SIZES.of(label + i), Look.RGB, label, i);
                    // Sketch: grey drawings among colour scans
                    image(sketch.resolve("images/" + wnid + "/sketch_" + (i + 1) + ".JPEG"), SKETCH_SIZES.of(label
                            + i), label == 0 ? Look.GREY : Look.RGB, label, i);
                    image(a.resolve(String.format(Locale.ROOT, "imagenet-a/%s/0.%06d_%s _ %s_0.%d.jpg", wnid,
                            r.nextInt(1_000_000), classes.get(label).name(), classes.get(label).name(),
                            r.nextInt(1_000_000))), A_SIZES.of(label + i), Look.RGB, label, i);
                    if (!NOT_IN_IMAGENET_R.contains(wnid)) {
                        boolean palette = label == 1 && i == 0;
                        image(rend.resolve("imagenet-r/" + wnid + "/" + (palette ? "cartoon_" : "art_") + i
                                + (palette ? ".png" : ".jpg")), R_SIZES.of(label + i), palette ? Look.PALETTE
                                : Look.RGB, label, i);
                    }
                }
            }
            write(a.resolve("imagenet-a/README.txt"), "ImageNet-A (rehearsal stand-in): class folders by WordNet id.\n");
            write(rend.resolve("imagenet-r/README.txt"), "ImageNet-R (rehearsal stand-in): class folders by WordNet "
                    + "id.\n");
        }

        void image(Path file, int[] size, Look look, int label, int index) throws IOException {
            Files.createDirectories(file.getParent());
            writeImage(file, size[0], size[1], look, label * 1_000 + index + file.getFileName().toString().hashCode());
            images++;
        }
    }

    /** Which look the image of a split, label and index has. */
    @FunctionalInterface
    private interface Special {
        Look look(String split, int label, int index);
    }

    /** Image sizes of a dataset, picked in turn. */
    private record Size(int[]... sizes) {
        Size(int w, int h) {
            this(new int[] {w, h});
        }

        int[] of(int i) {
            return sizes[Math.floorMod(i, sizes.length)];
        }
    }

    // typical sizes of each dataset's images (ImageNet's 500 x 375 and 500 x 333 are the most common)
    private static final Size IMAGENET_SIZES = new Size(new int[] {500, 375}, new int[] {500, 333},
            new int[] {375, 500});
    private static final Size CALTECH_SIZES = new Size(new int[] {300, 200}, new int[] {300, 197});
    private static final Size PETS_SIZES = new Size(new int[] {500, 375}, new int[] {333, 500});
    private static final Size CARS_SIZES = new Size(new int[] {640, 480}, new int[] {800, 533});
    private static final Size FLOWERS_SIZES = new Size(new int[] {500, 667}, new int[] {667, 500});
    private static final Size FOOD_SIZES = new Size(new int[] {512, 512}, new int[] {512, 384});
    private static final Size AIRCRAFT_SIZES = new Size(new int[] {1024, 680}, new int[] {1024, 765});
    private static final Size SUN_SIZES = new Size(new int[] {800, 600}, new int[] {640, 480});
    private static final Size DTD_SIZES = new Size(new int[] {640, 640}, new int[] {300, 300});
    private static final Size SKETCH_SIZES = new Size(new int[] {640, 480}, new int[] {800, 561});
    private static final Size A_SIZES = new Size(new int[] {600, 400}, new int[] {400, 300});
    private static final Size R_SIZES = new Size(new int[] {500, 500}, new int[] {600, 450});

    /** SUN397's rule: the ClassName.txt line after its letter folder, reversed ("/a/b_c/outdoor" → "outdoor b_c"). */
    static String sunName(String line) {
        String[] parts = line.substring(3).split("/");
        StringBuilder b = new StringBuilder();
        for (int i = parts.length - 1; i >= 0; i--) {
            b.append(b.length() == 0 ? "" : " ").append(parts[i]);
        }
        return b.toString();
    }

    /** UCF101's rule: CamelCase words joined by '_'. */
    static String ucfName(String action) {
        return action.replaceAll("(?<=[a-z])(?=[A-Z])", "_");
    }

    private static String letters(SplittableRandom r, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append((char) ('a' + r.nextInt(26)));
        }
        return b.toString();
    }

    private static String hex(SplittableRandom r, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(Character.forDigit(r.nextInt(16), 16));
        }
        return b.toString();
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /**
     * A synthetic picture (a gradient and a few shapes whose colours depend on {@code seed}): an RGB or grey JPEG, a
     * CMYK JPEG as Adobe software writes it (an APP14 "Adobe" segment, transform 0, inverted ink values), or an
     * 8-bit palette PNG.
     */
    static void writeImage(Path file, int w, int h, Look look, int seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        Color a = new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256));
        Color b = new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256));
        g.setPaint(new GradientPaint(0, 0, a, w, h, b));
        g.fillRect(0, 0, w, h);
        for (int i = 0; i < 6; i++) {
            g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
            int sw = 8 + r.nextInt(Math.max(1, w / 2));
            int sh = 8 + r.nextInt(Math.max(1, h / 2));
            if (i % 2 == 0) {
                g.fillOval(r.nextInt(w), r.nextInt(h), sw, sh);
            } else {
                g.fillRect(r.nextInt(w), r.nextInt(h), sw, sh);
            }
        }
        g.dispose();
        switch (look) {
            case RGB -> ImageIO.write(rgb, "jpeg", file.toFile());
            case GREY -> {
                BufferedImage grey = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
                grey.getRaster().setDataElements(0, 0, w, h, luma(rgb));
                ImageIO.write(grey, "jpeg", file.toFile());
            }
            case PALETTE -> {
                byte[] red = new byte[256];
                byte[] green = new byte[256];
                byte[] blue = new byte[256];
                for (int i = 0; i < 256; i++) { // a 6 x 6 x 6 colour cube, then greys
                    int v = i < 216 ? i : 0;
                    red[i] = (byte) (i < 216 ? v / 36 * 51 : (i - 216) * 6);
                    green[i] = (byte) (i < 216 ? v / 6 % 6 * 51 : (i - 216) * 6);
                    blue[i] = (byte) (i < 216 ? v % 6 * 51 : (i - 216) * 6);
                }
                BufferedImage p = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED,
                        new IndexColorModel(8, 256, red, green, blue));
                Graphics2D pg = p.createGraphics();
                pg.drawImage(rgb, 0, 0, null);
                pg.dispose();
                ImageIO.write(p, "png", file.toFile());
            }
            case CMYK -> Files.write(file, cmykJpeg(rgb));
        }
    }

    private static byte[] luma(BufferedImage rgb) {
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = rgb.getRGB(x, y);
                out[y * w + x] = (byte) ((299 * (p >> 16 & 255) + 587 * (p >> 8 & 255) + 114 * (p & 255)) / 1000);
            }
        }
        return out;
    }

    /** A 4-channel JPEG with an Adobe APP14 segment (transform 0: CMYK, stored inverted as Adobe's software does). */
    private static byte[] cmykJpeg(BufferedImage rgb) throws IOException {
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
        int[] px = new int[4];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = rgb.getRGB(x, y);
                int c = 255 - (p >> 16 & 255);
                int m = 255 - (p >> 8 & 255);
                int ye = 255 - (p & 255);
                int k = Math.min(c, Math.min(m, ye));
                px[0] = 255 - (c - k); // inverted ink, as Adobe writes CMYK JPEGs
                px[1] = 255 - (m - k);
                px[2] = 255 - (ye - k);
                px[3] = 255 - k;
                raster.setPixel(x, y, px);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, null), null);
        } finally {
            writer.dispose();
        }
        byte[] jpeg = bytes.toByteArray();
        // APP14 "Adobe": length 14, DCTEncodeVersion 100, flags0 0, flags1 0, transform 0 (no colour transform)
        byte[] adobe = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        byte[] out = new byte[jpeg.length + adobe.length];
        System.arraycopy(jpeg, 0, out, 0, 2); // SOI
        System.arraycopy(adobe, 0, out, 2, adobe.length);
        System.arraycopy(jpeg, 2, out, 2 + adobe.length, jpeg.length - 2);
        return out;
    }
}
