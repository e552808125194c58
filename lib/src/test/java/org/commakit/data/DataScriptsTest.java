package org.commakit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.commakit.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data-scripts run offline against tiny archives in the real archive layouts, put in a local {@code COMMA_MIRROR}
 * in place of the official URLs; the Java readers then read what the scripts built. Checksums are switched off with
 * {@code COMMA_VERIFY=0} except where the test is that a wrong archive is refused.
 */
class DataScriptsTest {
    static final Path SCRIPTS = Fixtures.root().resolve("data-scripts");

    record Result(int rc, String output) {}

    @BeforeAll
    static void needsBashAndTar() {
        // the data-scripts are part of the product: a machine without bash or tar fails here instead of skipping
        assertTrue(onPath("bash") && onPath("tar"), "bash and tar are needed to test the data-scripts; install them");
    }

    static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    /** Runs a data-script offline with the given data root and mirror; extra settings override the defaults. */
    static Result run(String script, Path data, Path mirror, String... settings) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", SCRIPTS.resolve(script).toString());
        Map<String, String> env = pb.environment();
        env.put("COMMA_DATA", data.toString());
        env.put("COMMA_MIRROR", mirror.toString());
        env.put("COMMA_OFFLINE", "1");
        env.put("COMMA_VERIFY", "0");
        env.put("COMMA_GDOWN", "gdown-not-installed");
        env.remove("COMMA_DOWNLOADS");
        for (int i = 0; i < settings.length; i += 2) {
            env.put(settings[i], settings[i + 1]);
        }
        pb.redirectErrorStream(true);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), script + " did not finish");
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** A folder tree of files (path → content) under {@code dir}. */
    static void files(Path dir, Map<String, String> tree) throws IOException {
        for (Map.Entry<String, String> e : tree.entrySet()) {
            Path p = dir.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, e.getValue());
        }
    }

    /** {@code tar} of the given top-level entries of {@code dir}, gzipped when the name ends in .gz/.tgz. */
    static void tar(Path archive, Path dir, String... entries) throws Exception {
        String flags = archive.toString().endsWith(".tar") ? "cf" : "czf";
        List<String> cmd = new ArrayList<>(List.of("tar", flags, archive.toString(), "-C", dir.toString()));
        cmd.addAll(List.of(entries));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
    }

    /** A zip of every file under {@code dir}, entry names relative to it. */
    static void zip(Path archive, Path dir) throws IOException {
        Files.createDirectories(archive.getParent());
        try (OutputStream os = Files.newOutputStream(archive); ZipOutputStream z = new ZipOutputStream(os);
                Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted().toList()) {
                String name = dir.relativize(p).toString().replace('\\', '/');
                if (Files.isDirectory(p)) {
                    if (!name.isEmpty()) {
                        z.putNextEntry(new ZipEntry(name + "/"));
                        z.closeEntry();
                    }
                } else {
                    z.putNextEntry(new ZipEntry(name));
                    z.write(Files.readAllBytes(p));
                    z.closeEntry();
                }
            }
        }
    }

    /** The class list {@link ClassnameRules} derives from a dataset's own files under {@code data}. */
    static Optional<List<String>> layoutClassnames(String dataset, Path data) {
        DatasetReader r = Benchmarks.get(dataset);
        return ClassnameRules.fromLayout(dataset, data.resolve(r.folder()), r.imageRoot(data));
    }

    static String splitJson(String[][] train, String[][] test) {
        StringBuilder s = new StringBuilder("{\"train\": [");
        for (String[][] part : new String[][][] {train, null, test}) {
            if (part == null) {
                s.append("], \"val\": [], \"test\": [");
                continue;
            }
            for (int i = 0; i < part.length; i++) {
                s.append(i > 0 ? ", " : "").append("[\"").append(part[i][0]).append("\", ").append(part[i][1])
                        .append(", \"").append(part[i][2]).append("\"]");
            }
        }
        return s.append("]}").toString();
    }

    @Test
    void everyBenchmarkHasTheExecutableScriptItsErrorMessagesName() {
        for (String name : Benchmarks.names()) {
            Path script = SCRIPTS.resolve(DataRoot.scriptFor(name));
            assertTrue(Files.isRegularFile(script) && Files.isExecutable(script), name + ": " + script);
        }
        for (String other : List.of("all.sh", "check.sh", "clip_weights.sh")) {
            assertTrue(Files.isExecutable(SCRIPTS.resolve(other)), other);
        }
    }

    @Test
    void dtdAsksForTheDriveSplitByHandThenBuildsTheLayoutTheReaderReadsAndSkipsItOnARerun(@TempDir Path tmp)
            throws Exception {
        Path data = tmp.resolve("data");
        Path mirror = tmp.resolve("mirror");
        files(tmp.resolve("src"), Map.of("dtd/images/banded/banded_0002.jpg", "b2", "dtd/images/banded/banded_0004.jpg",
                "b4", "dtd/images/zigzagged/zigzagged_0001.jpg", "z1", "dtd/labels/labels_joint_anno.txt", "",
                "dtd/imdb/imdb.mat", ""));
        Files.createDirectories(mirror);
        tar(mirror.resolve("dtd-r1.0.1.tar.gz"), tmp.resolve("src"), "dtd");

        Result r = run("dtd.sh", data, mirror);
        assertEquals(1, r.rc(), r.output());
        Path downloads = data.resolve("_downloads");
        assertTrue(r.output().contains("https://drive.google.com/file/d/1u3_QfB467jqHgNXC00UIzbLZRQCg2S7x/view")
                && r.output().contains("save it as " + downloads.resolve("split_zhou_DescribableTextures.json"))
                && r.output().contains("pip install gdown"), r.output());
        assertFalse(Files.exists(data.resolve("dtd/images")), "the split file is asked for before the big archive");

        Files.writeString(downloads.resolve("split_zhou_DescribableTextures.json"), splitJson(
                new String[][] {{"banded/banded_0002.jpg", "0", "banded"}, {"zigzagged/zigzagged_0001.jpg", "1",
                    "zigzagged"}}, new String[][] {{"banded/banded_0004.jpg", "0", "banded"}}));
        r = run("dtd.sh", data, mirror);
        assertEquals(0, r.rc(), r.output());
        DatasetSplits s = Benchmarks.get("DescribableTextures").read(data);
        assertEquals(List.of("banded", "zigzagged"), s.classnames());
        assertEquals(data.resolve("dtd/images/banded/banded_0004.jpg"), s.test().get(0).impath());
        assertEquals(Optional.of(List.of("banded", "zigzagged")), layoutClassnames("DescribableTextures", data));
        assertTrue(Files.isDirectory(data.resolve("dtd/labels")) && Files.isDirectory(data.resolve("dtd/imdb")));

        // idempotent: nothing is fetched again, so the mirror can be gone
        deleteTree(mirror);
        Files.delete(downloads.resolve("dtd-r1.0.1.tar.gz"));
        r = run("dtd.sh", data, mirror);
        assertEquals(0, r.rc(), r.output());
        assertTrue(r.output().contains("have     " + data.resolve("dtd/images")), r.output());
        try (Stream<Path> left = Files.list(data)) {
            assertEquals(List.of("_downloads", "dtd"), left.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aWrongArchiveIsRefusedByItsMd5AndNothingIsExtracted(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        Path mirror = tmp.resolve("mirror");
        List<String> classes = List.of("AnnualCrop", "Forest", "SeaLake");
        Map<String, String> tree = new HashMap<>();
        for (String c : classes) {
            tree.put("2750/" + c + "/" + c + "_1.jpg", c);
        }
        files(tmp.resolve("src"), tree);
        zip(mirror.resolve("EuroSAT.zip"), tmp.resolve("src"));
        Files.writeString(mirror.resolve("split_zhou_EuroSAT.json"), splitJson(new String[][] {
            {"AnnualCrop/AnnualCrop_1.jpg", "0", "Annual Crop Land"}, {"Forest/Forest_1.jpg", "1", "Forest"},
            {"SeaLake/SeaLake_1.jpg", "2", "Sea or Lake"}}, new String[][] {}));

        Result r = run("eurosat.sh", data, mirror, "COMMA_VERIFY", "1");
        assertEquals(1, r.rc(), r.output());
        assertTrue(r.output().contains("EuroSAT.zip has checksum") && r.output().contains(
                "expected c8fa014336c82ac7804f0398fcb19387") && r.output().contains("not the expected release"),
                r.output());
        assertFalse(Files.exists(data.resolve("eurosat/2750")));
        assertTrue(Files.exists(mirror.resolve("EuroSAT.zip")), "the mirror is never modified");

        r = run("eurosat.sh", data, mirror);
        assertEquals(0, r.rc(), r.output());
        assertEquals(List.of("Annual Crop Land", "Forest", "Sea or Lake"), Benchmarks.get("EuroSAT").read(data)
                .classnames());
        assertEquals(Optional.of(List.of("Annual Crop Land", "Forest", "Sea or Lake")), layoutClassnames("EuroSAT", data));
    }

    @Test
    void caltechUnpacksTheInnerTarballOfTheCaltechDataZip(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        Path mirror = tmp.resolve("mirror");
        Path inner = tmp.resolve("inner");
        files(inner, Map.of("101_ObjectCategories/Faces/image_0001.jpg", "f",
                "101_ObjectCategories/Faces_easy/image_0001.jpg", "fe",
                "101_ObjectCategories/BACKGROUND_Google/image_0001.jpg", "bg",
                "101_ObjectCategories/airplanes/image_0001.jpg", "a",
                "101_ObjectCategories/accordion/image_0001.jpg", "acc"));
        Path zipRoot = tmp.resolve("zip");
        Files.createDirectories(zipRoot.resolve("caltech-101"));
        tar(zipRoot.resolve("caltech-101/101_ObjectCategories.tar.gz"), inner, "101_ObjectCategories");
        files(zipRoot, Map.of("caltech-101/show_annotation.m", "%", "caltech-101/Annotations.tar", "not used"));
        zip(mirror.resolve("caltech-101.zip"), zipRoot);
        Files.writeString(mirror.resolve("split_zhou_Caltech101.json"), splitJson(new String[][] {
            {"Faces/image_0001.jpg", "0", "face"}, {"accordion/image_0001.jpg", "1", "accordion"},
            {"airplanes/image_0001.jpg", "2", "airplane"}}, new String[][] {}));

        Result r = run("caltech101.sh", data, mirror);
        assertEquals(0, r.rc(), r.output());
        assertEquals(List.of("face", "accordion", "airplane"), Benchmarks.get("Caltech101").read(data).classnames());
        assertEquals(Optional.of(List.of("face", "accordion", "airplane")), layoutClassnames("Caltech101", data));
        assertFalse(Files.exists(data.resolve("caltech-101/caltech-101")), "only 101_ObjectCategories is placed");
    }

    @Test
    void aircraftKeepsOnlyTheDataFolderOfTheArchiveRenamed(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        Path mirror = tmp.resolve("mirror");
        files(tmp.resolve("src"), Map.of("fgvc-aircraft-2013b/README.md", "readme",
                "fgvc-aircraft-2013b/data/variants.txt", "707-320\nCessna 172\n",
                "fgvc-aircraft-2013b/data/images_variant_train.txt", "1025794 Cessna 172\n",
                "fgvc-aircraft-2013b/data/images_variant_val.txt", "0034309 707-320\n",
                "fgvc-aircraft-2013b/data/images_variant_test.txt", "0062765 707-320\n",
                "fgvc-aircraft-2013b/data/images/1025794.jpg", "1", "fgvc-aircraft-2013b/data/images/0034309.jpg", "2",
                "fgvc-aircraft-2013b/data/images/0062765.jpg", "3"));
        Files.createDirectories(mirror);
        tar(mirror.resolve("fgvc-aircraft-2013b.tar.gz"), tmp.resolve("src"), "fgvc-aircraft-2013b");

        Result r = run("fgvc_aircraft.sh", data, mirror);
        assertEquals(0, r.rc(), r.output());
        DatasetSplits s = Benchmarks.get("FGVCAircraft").read(data);
        assertEquals(List.of(1), s.train().stream().map(Datum::label).toList());
        assertEquals(data.resolve("fgvc_aircraft/images/0062765.jpg"), s.test().get(0).impath());
        assertFalse(Files.exists(data.resolve("fgvc_aircraft/README.md")));
    }

    @Test
    void imageNetUnpacksTheClassTarsAndSortsValIntoWnidFoldersFromKaggleLabels(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        Path mirror = tmp.resolve("mirror");
        Path src = tmp.resolve("src");
        files(src.resolve("n01440764"), Map.of("n01440764_10026.JPEG", "t1", "n01440764_10027.JPEG", "t2"));
        files(src.resolve("n01443537"), Map.of("n01443537_10007.JPEG", "g1"));
        Path classTars = tmp.resolve("classtars");
        Files.createDirectories(classTars);
        tar(classTars.resolve("n01440764.tar"), src.resolve("n01440764"), "n01440764_10026.JPEG",
                "n01440764_10027.JPEG");
        tar(classTars.resolve("n01443537.tar"), src.resolve("n01443537"), "n01443537_10007.JPEG");
        Files.createDirectories(mirror);
        tar(mirror.resolve("ILSVRC2012_img_train.tar"), classTars, "n01440764.tar", "n01443537.tar");
        files(tmp.resolve("val"), Map.of("ILSVRC2012_val_00000001.JPEG", "v1", "ILSVRC2012_val_00000002.JPEG", "v2",
                "ILSVRC2012_val_00000003.JPEG", "v3"));
        tar(mirror.resolve("ILSVRC2012_img_val.tar"), tmp.resolve("val"), "ILSVRC2012_val_00000001.JPEG",
                "ILSVRC2012_val_00000002.JPEG", "ILSVRC2012_val_00000003.JPEG");
        Files.writeString(mirror.resolve("LOC_val_solution.csv"), "ImageId,PredictionString\r\n"
                + "ILSVRC2012_val_00000003,n01443537 1 2 3 4 n01443537 5 6 7 8 \r\n"
                + "ILSVRC2012_val_00000001,n01440764 10 20 30 40 \r\n"
                + "ILSVRC2012_val_00000002,n01440764 1 1 2 2 \r\n");
        Files.writeString(mirror.resolve("classnames.txt"), "n01440764 tench\nn01443537 goldfish\n");

        Result r = run("imagenet.sh", data, mirror);
        assertEquals(0, r.rc(), r.output());
        DatasetSplits s = Benchmarks.get("ImageNet").read(data);
        assertEquals(List.of("tench", "goldfish"), s.classnames());
        assertEquals(List.of(0, 0, 1), s.train().stream().map(Datum::label).toList());
        assertEquals(List.of(0, 0, 1), s.test().stream().map(Datum::label).toList());
        assertEquals(data.resolve("imagenet/images/val/n01443537/ILSVRC2012_val_00000003.JPEG"), s.test().get(2).impath());
        try (Stream<Path> left = Files.list(data.resolve("imagenet/images"))) {
            assertEquals(List.of("train", "val"), left.map(p -> p.getFileName().toString()).sorted().toList());
        }
        // the variants copy ImageNet's classnames.txt
        files(tmp.resolve("a"), Map.of("imagenet-a/n01443537/0.jpg", "a", "imagenet-a/README.txt", "readme"));
        tar(mirror.resolve("imagenet-a.tar"), tmp.resolve("a"), "imagenet-a");
        r = run("imagenet_a.sh", data, mirror);
        assertEquals(0, r.rc(), r.output());
        assertEquals(List.of("goldfish"), Benchmarks.get("ImageNetA").read(data).classnames());
    }

    @Test
    void theOtherDatasetScriptsBuildTheLayoutsTheReadersReadFromTheOfficialArchiveNames(@TempDir Path tmp)
            throws Exception {
        Path data = tmp.resolve("data");
        Path mirror = tmp.resolve("mirror");
        Path src = tmp.resolve("src");
        Files.createDirectories(mirror);

        // OxfordPets: two archives, each with its top folder
        files(src.resolve("pets"), Map.of("images/Abyssinian_1.jpg", "a", "images/beagle_2.jpg", "b",
                "annotations/trainval.txt", "Abyssinian_1 1 1 1\nbeagle_2 2 2 1\n"));
        tar(mirror.resolve("images.tar.gz"), src.resolve("pets"), "images");
        tar(mirror.resolve("annotations.tar.gz"), src.resolve("pets"), "annotations");
        Files.writeString(mirror.resolve("split_zhou_OxfordPets.json"), splitJson(new String[][] {
            {"Abyssinian_1.jpg", "0", "abyssinian"}, {"beagle_2.jpg", "1", "beagle"}}, // every class has train images
            new String[][] {{"beagle_2.jpg", "1", "beagle"}}));
        assertEquals(0, run("oxford_pets.sh", data, mirror).rc());
        assertEquals(List.of("abyssinian", "beagle"), layoutClassnames("OxfordPets", data).orElseThrow());
        assertEquals(data.resolve("oxford_pets/images/beagle_2.jpg"),
                Benchmarks.get("OxfordPets").read(data).test().get(0).impath());

        // StanfordCars: train and test archives, the devkit, the test labels; paths relative to the dataset folder
        files(src.resolve("cars"), Map.of("cars_train/00001.jpg", "t", "cars_test/00001.jpg", "s",
                "devkit/cars_meta.mat", "m", "cars_test_annos_withlabels.mat", "l"));
        for (String part : List.of("cars_train", "cars_test")) {
            tar(mirror.resolve(part + ".tgz"), src.resolve("cars"), part);
        }
        tar(mirror.resolve("car_devkit.tgz"), src.resolve("cars"), "devkit");
        Files.copy(src.resolve("cars/cars_test_annos_withlabels.mat"), mirror.resolve("cars_test_annos_withlabels.mat"));
        Files.writeString(mirror.resolve("split_zhou_StanfordCars.json"), splitJson(new String[][] {
            {"cars_train/00001.jpg", "0", "2012 Audi TTS Coupe"}}, new String[][] {
                {"cars_test/00001.jpg", "0", "2012 Audi TTS Coupe"}}));
        assertEquals(0, run("stanford_cars.sh", data, mirror).rc());
        assertEquals(data.resolve("stanford_cars/cars_test/00001.jpg"),
                Benchmarks.get("StanfordCars").read(data).test().get(0).impath());
        assertTrue(Files.isRegularFile(data.resolve("stanford_cars/devkit/cars_meta.mat"))
                && Files.isRegularFile(data.resolve("stanford_cars/cars_test_annos_withlabels.mat")));

        // Flowers102: jpg/ from the tarball, imagelabels.mat and cat_to_name.json placed beside it
        files(src.resolve("flowers"), Map.of("jpg/image_00001.jpg", "1", "jpg/image_00002.jpg", "2"));
        tar(mirror.resolve("102flowers.tgz"), src.resolve("flowers"), "jpg");
        Files.writeString(mirror.resolve("imagelabels.mat"), "mat");
        Files.writeString(mirror.resolve("cat_to_name.json"), "{\"2\": \"hard-leaved pocket orchid\", "
                + "\"1\": \"pink primrose\"}");
        Files.writeString(mirror.resolve("split_zhou_OxfordFlowers.json"), splitJson(new String[][] {
            {"image_00001.jpg", "0", "pink primrose"}, {"image_00002.jpg", "1", "hard-leaved pocket orchid"}},
            new String[][] {}));
        assertEquals(0, run("oxford_flowers.sh", data, mirror).rc());
        assertEquals(List.of("pink primrose", "hard-leaved pocket orchid"),
                Benchmarks.get("OxfordFlowers").read(data).classnames());
        assertEquals(layoutClassnames("OxfordFlowers", data).orElseThrow(),
                Benchmarks.get("OxfordFlowers").read(data).classnames());
        assertTrue(Files.isRegularFile(data.resolve("oxford_flowers/imagelabels.mat")));

        // Food101: the archive's food-101/ folder is the dataset folder
        files(src.resolve("food"), Map.of("food-101/images/apple_pie/1.jpg", "a", "food-101/images/waffles/2.jpg",
                "w", "food-101/meta/classes.txt", "apple_pie\nwaffles\n"));
        tar(mirror.resolve("food-101.tar.gz"), src.resolve("food"), "food-101");
        Files.writeString(mirror.resolve("split_zhou_Food101.json"), splitJson(new String[][] {
            {"apple_pie/1.jpg", "0", "apple_pie"}, {"waffles/2.jpg", "1", "waffles"}}, new String[][] {}));
        assertEquals(0, run("food101.sh", data, mirror).rc());
        assertEquals(layoutClassnames("Food101", data).orElseThrow(), Benchmarks.get("Food101").read(data)
                .classnames());
        assertTrue(Files.isRegularFile(data.resolve("food-101/meta/classes.txt")));

        // SUN397: the image tarball and the Partitions zip (whose files sit in a Partitions/ folder)
        files(src.resolve("sun"), Map.of("SUN397/a/abbey/sun_1.jpg", "a", "SUN397/b/bakery/shop/sun_2.jpg", "b"));
        tar(mirror.resolve("SUN397.tar.gz"), src.resolve("sun"), "SUN397");
        files(src.resolve("partitions"), Map.of("Partitions/ClassName.txt", "/a/abbey\n/b/bakery/shop\n",
                "Partitions/Training_01.txt", "/a/abbey/sun_1.jpg\n"));
        zip(mirror.resolve("Partitions.zip"), src.resolve("partitions"));
        Files.writeString(mirror.resolve("split_zhou_SUN397.json"), splitJson(new String[][] {
            {"a/abbey/sun_1.jpg", "0", "abbey"}, {"b/bakery/shop/sun_2.jpg", "1", "shop bakery"}}, new String[][] {}));
        assertEquals(0, run("sun397.sh", data, mirror).rc());
        assertEquals(List.of("abbey", "shop bakery"), layoutClassnames("SUN397", data).orElseThrow());
        assertEquals(List.of("abbey", "shop bakery"), Benchmarks.get("SUN397").read(data).classnames());
        assertTrue(Files.isRegularFile(data.resolve("sun397/Training_01.txt")));

        // UCF101: CoOp's zip of middle frames (a Drive file, here from the mirror)
        files(src.resolve("ucf"), Map.of("UCF-101-midframes/Apply_Eye_Makeup/v_ApplyEyeMakeup_g01_c01.jpg", "u"));
        zip(mirror.resolve("UCF-101-midframes.zip"), src.resolve("ucf"));
        Files.writeString(mirror.resolve("split_zhou_UCF101.json"), splitJson(new String[][] {
            {"Apply_Eye_Makeup/v_ApplyEyeMakeup_g01_c01.jpg", "0", "Apply_Eye_Makeup"}}, new String[][] {}));
        assertEquals(0, run("ucf101.sh", data, mirror).rc());
        assertEquals(List.of("Apply_Eye_Makeup"), Benchmarks.get("UCF101").read(data).classnames());

        // the variants: ImageNet's classnames.txt (here from the mirror: data/imagenet is absent)
        Files.writeString(mirror.resolve("classnames.txt"), "n01 tench\nn02 goldfish\nn03 shark\n");
        files(src.resolve("v2"), Map.of("imagenetv2-matched-frequency-format-val/0/a.jpeg", "0",
                "imagenetv2-matched-frequency-format-val/2/b.jpeg", "2"));
        tar(mirror.resolve("imagenetv2-matched-frequency.tar.gz"), src.resolve("v2"),
                "imagenetv2-matched-frequency-format-val");
        assertEquals(0, run("imagenetv2.sh", data, mirror).rc());
        assertEquals(List.of(0, 2), Benchmarks.get("ImageNetV2").read(data).test().stream().map(Datum::label).toList());

        files(src.resolve("sketch"), Map.of("sketch/n02/sketch_1.JPEG", "s", "sketch/n01/sketch_2.JPEG", "t"));
        zip(mirror.resolve("ImageNet-Sketch.zip"), src.resolve("sketch"));
        assertEquals(0, run("imagenet_sketch.sh", data, mirror).rc());
        assertEquals(data.resolve("imagenet-sketch/images/n01/sketch_2.JPEG"),
                Benchmarks.get("ImageNetSketch").read(data).test().get(0).impath()); // sketch/ placed as images/

        files(src.resolve("r"), Map.of("imagenet-r/n03/art_1.jpg", "r", "imagenet-r/README.txt", "readme"));
        tar(mirror.resolve("imagenet-r.tar"), src.resolve("r"), "imagenet-r");
        assertEquals(0, run("imagenet_r.sh", data, mirror).rc());
        assertEquals(List.of("shark"), Benchmarks.get("ImageNetR").read(data).classnames());

        try (Stream<Path> left = Files.list(data)) { // no staging folder or partial file is left behind
            assertEquals(List.of("_downloads", "food-101", "imagenet-rendition", "imagenet-sketch", "imagenetv2",
                    "oxford_flowers", "oxford_pets", "stanford_cars", "sun397", "ucf101"),
                    left.map(p -> p.getFileName().toString()).sorted().toList());
        }
        try (Stream<Path> all = Files.walk(data)) {
            assertEquals(List.of(), all.map(Path::toString).filter(p -> p.endsWith(".part") || p.contains(".extract-"))
                    .toList());
        }
    }

    @Test
    void aDamagedArchiveStopsWithAMessageAndLeavesNoStagingFolder(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        Path mirror = tmp.resolve("mirror");
        Files.createDirectories(mirror);
        Files.writeString(mirror.resolve("fgvc-aircraft-2013b.tar.gz"), "not a tarball");
        Result r = run("fgvc_aircraft.sh", data, mirror);
        assertEquals(1, r.rc(), r.output());
        assertTrue(r.output().contains("cannot extract fgvc-aircraft-2013b.tar.gz: the archive is damaged"), r.output());
        try (Stream<Path> left = Files.list(data)) {
            assertEquals(List.of("_downloads", "fgvc_aircraft"), left.map(p -> p.getFileName().toString()).sorted()
                    .toList());
        }
        // offline with nothing in the mirror: the message says what to download and where to put it
        r = run("food101.sh", data, mirror, "COMMA_GDOWN", "true");
        assertEquals(1, r.rc(), r.output());
        assertTrue(r.output().contains("split_zhou_Food101.json is on Google Drive"), r.output());
        Files.writeString(mirror.resolve("split_zhou_Food101.json"), splitJson(new String[][] {}, new String[][] {}));
        r = run("food101.sh", data, mirror);
        assertEquals(1, r.rc(), r.output());
        assertTrue(r.output().contains("cannot get food-101.tar.gz (COMMA_OFFLINE=1: the network was not used)")
                && r.output().contains("put it at " + data.resolve("_downloads/food-101.tar.gz")), r.output());
    }

    @Test
    void clipWeightsAreCheckedBySha256AndPlacedFromTheMirrorWithoutTheBundledVocabulary(@TempDir Path tmp)
            throws Exception {
        Path mirror = tmp.resolve("mirror");
        Path weights = tmp.resolve("weights");
        files(mirror, Map.of("ViT-B-16.pt", "not the model", "bpe_simple_vocab_16e6.txt.gz", "not the vocabulary"));
        Result r = run("clip_weights.sh", tmp.resolve("data"), mirror, "COMMA_WEIGHTS", weights.toString(),
                "COMMA_VERIFY", "1");
        assertEquals(1, r.rc(), r.output());
        assertTrue(r.output().contains("expected 5806e77cd80f8b59890b7e101eabd078d9fb84e6937f9e85e4ecb61988df416f"),
                r.output());
        assertFalse(Files.exists(weights.resolve("ViT-B-16.pt")), "a file with the wrong checksum is not kept");
        r = run("clip_weights.sh", tmp.resolve("data"), mirror, "COMMA_WEIGHTS", weights.toString());
        assertEquals(0, r.rc(), r.output());
        assertEquals("not the model", Files.readString(weights.resolve("ViT-B-16.pt")));
        assertFalse(Files.exists(weights.resolve("bpe_simple_vocab_16e6.txt.gz")),
                "the vocabulary is bundled in the library: the script does not fetch it");
        assertTrue(r.output().contains("CLIP ViT-B/16 is in " + weights), r.output());
    }

    @Test
    void allRefusesAnUnknownDatasetNamingTheKnownOnes() throws Exception {
        // (a known name is not run here: all.sh ends with check.sh, which builds the kit)
        ProcessBuilder pb = new ProcessBuilder("bash", SCRIPTS.resolve("all.sh").toString(), "pets");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor(), out);
        assertTrue(out.contains("no data-script pets.sh; known: imagenet caltech101 oxford_pets"), out);
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
