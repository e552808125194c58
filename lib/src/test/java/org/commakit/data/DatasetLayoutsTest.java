package org.commakit.data;

import static org.commakit.data.BenchmarkReadersTest.touch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.commakit.KitException;
import org.commakit.data.ClassSubsample.Subset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every JSON dataset on a small tree in its real layout (empty image files: only names matter). The split files are
 * written with the class names the reference stores; the names {@link ClassnameRules} derives from the dataset's own
 * files (docs/data-protocol.md#class-names) must equal them. Counts, labels and base/new relabelling are checked on the same trees.
 */
class DatasetLayoutsTest {

    static void write(Path p, String text) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    /** A split file from {relative path, label, class name} rows (train, val, test), every image touched. */
    static void splitFile(Path json, Path prefix, String[][] train, String[][] val, String[][] test)
            throws IOException {
        List<List<Datum>> parts = new ArrayList<>();
        for (String[][] rows : new String[][][] {train, val, test}) {
            List<Datum> items = new ArrayList<>();
            for (String[] r : rows) {
                touch(prefix.resolve(r[0]));
                items.add(new Datum(prefix.resolve(r[0]), Integer.parseInt(r[1]), r[2]));
            }
            parts.add(items);
        }
        SplitJson.write(json, prefix, parts.get(0), parts.get(1), parts.get(2));
    }

    static List<Integer> labels(List<Datum> items) {
        return items.stream().map(Datum::label).toList();
    }

    /** The split file's classes equal {@code expected}, and so do the classes the dataset's own files give. */
    static DatasetSplits assertClassesAgree(String name, Path root, List<String> expected) {
        DatasetReader r = Benchmarks.get(name);
        DatasetSplits s = r.read(root);
        assertEquals(expected, s.classnames(), name + ": classes of the split file");
        assertEquals(Optional.of(expected), ClassnameRules.fromLayout(name, root.resolve(r.folder()), r.imageRoot(root)),
                name + ": classes derived from its files");
        return s;
    }

    @Test
    void caltechDropsBackgroundAndFacesEasySortsUppercaseFirstAndRenamesAfterLabelling(@TempDir Path root)
            throws IOException {
        Path images = root.resolve("caltech-101/101_ObjectCategories");
        for (String f : List.of("yin_yang", "BACKGROUND_Google", "airplanes", "Faces_easy", "water_lilly", "accordion",
                "Motorbikes", "Leopards", "Faces")) {
            touch(images.resolve(f + "/image_0001.jpg"));
        }
        splitFile(root.resolve("caltech-101/split_zhou_Caltech101.json"), images,
                new String[][] {{"Faces/image_0001.jpg", "0", "face"}, {"Leopards/image_0001.jpg", "1", "leopard"},
                    {"Motorbikes/image_0001.jpg", "2", "motorbike"}, {"accordion/image_0001.jpg", "3", "accordion"},
                    {"airplanes/image_0001.jpg", "4", "airplane"}, {"water_lilly/image_0001.jpg", "5", "water_lilly"},
                    {"yin_yang/image_0001.jpg", "6", "yin_yang"}},
                new String[][] {{"airplanes/image_0002.jpg", "4", "airplane"}},
                new String[][] {{"yin_yang/image_0003.jpg", "6", "yin_yang"}, {"Faces/image_0004.jpg", "0", "face"}});
        DatasetSplits s = assertClassesAgree("Caltech101", root, List.of("face", "leopard", "motorbike", "accordion",
                "airplane", "water_lilly", "yin_yang"));
        assertEquals(List.of(7, 1, 2), List.of(s.train().size(), s.val().size(), s.test().size()));
        assertEquals(images.resolve("airplanes/image_0002.jpg"), s.val().get(0).impath()); // paths keep folder names
        DatasetSplits base = ClassSubsample.apply(s, Subset.BASE); // ceil(7/2) = 4 base classes
        assertEquals(List.of("face", "leopard", "motorbike", "accordion"), base.classnames());
        assertEquals(List.of(0), labels(base.test()));
        DatasetSplits novel = ClassSubsample.apply(s, Subset.NEW);
        assertEquals(List.of("airplane", "water_lilly", "yin_yang"), novel.classnames());
        assertEquals(List.of(2), labels(novel.test())); // yin_yang: 6 → 2
        assertEquals(List.of(0), labels(novel.val())); // airplane: 4 → 0
    }

    @Test
    void oxfordPetsNamesAreLowerCasedStemsAndLabelsTheAnnotationColumnMinusOne(@TempDir Path root) throws IOException {
        Path d = root.resolve("oxford_pets");
        write(d.resolve("annotations/trainval.txt"), "Abyssinian_100 1 1 1\namerican_bulldog_100 2 2 1\n"
                + "american_pit_bull_terrier_10 3 2 2\nAbyssinian_101 1 1 1\n");
        splitFile(d.resolve("split_zhou_OxfordPets.json"), d.resolve("images"),
                new String[][] {{"american_bulldog_100.jpg", "1", "american_bulldog"},
                    {"Abyssinian_100.jpg", "0", "abyssinian"},
                    {"american_pit_bull_terrier_10.jpg", "2", "american_pit_bull_terrier"}},
                new String[][] {}, new String[][] {{"Abyssinian_1.jpg", "0", "abyssinian"}});
        DatasetSplits s = assertClassesAgree("OxfordPets", root, List.of("abyssinian", "american_bulldog",
                "american_pit_bull_terrier"));
        assertEquals(List.of(1, 0, 2), labels(s.train())); // file order kept
        assertEquals("american_pit_bull_terrier", ClassnameRules.oxfordPets("american_pit_bull_terrier_10"));
        assertEquals("", ClassnameRules.oxfordPets("noindex")); // "_".join(split("_")[:-1]) of one part
        DatasetSplits novel = ClassSubsample.apply(s, Subset.NEW); // 3 classes: base 2, new 1
        assertEquals(List.of("american_pit_bull_terrier"), novel.classnames());
        assertEquals(List.of(0), labels(novel.train()));
    }

    @Test
    void stanfordCarsPathsAreRelativeToTheDatasetFolderAndTheYearMovesToTheFront(@TempDir Path root)
            throws IOException {
        Path d = root.resolve("stanford_cars");
        splitFile(d.resolve("split_zhou_StanfordCars.json"), d,
                new String[][] {{"cars_train/00001.jpg", "0", "2000 AM General Hummer SUV"},
                    {"cars_train/00002.jpg", "1", "2012 Acura RL Sedan"}},
                new String[][] {{"cars_train/00003.jpg", "0", "2000 AM General Hummer SUV"}},
                new String[][] {{"cars_test/00001.jpg", "1", "2012 Acura RL Sedan"}});
        DatasetSplits s = Benchmarks.get("StanfordCars").read(root);
        assertEquals(d.resolve("cars_test/00001.jpg"), s.test().get(0).impath());
        assertEquals(List.of("2000 AM General Hummer SUV", "2012 Acura RL Sedan"), s.classnames());
        assertEquals("2000 AM General Hummer SUV", ClassnameRules.stanfordCars("AM General Hummer SUV 2000"));
        // the names are in devkit/cars_meta.mat, which the kit does not read
        assertEquals(Optional.empty(), ClassnameRules.fromLayout("StanfordCars", d, d));
    }

    @Test
    void flowersNamesComeFromCatToNameByOneBasedLabel(@TempDir Path root) throws IOException {
        Path d = root.resolve("oxford_flowers");
        write(d.resolve("cat_to_name.json"), "{\"21\": \"fire lily\", \"3\": \"canterbury bells\", "
                + "\"1\": \"pink primrose\", \"2\": \"hard-leaved pocket orchid\"}");
        splitFile(d.resolve("split_zhou_OxfordFlowers.json"), d.resolve("jpg"),
                new String[][] {{"image_06734.jpg", "0", "pink primrose"}, {"image_06735.jpg", "1",
                    "hard-leaved pocket orchid"}, {"image_06736.jpg", "2", "canterbury bells"}},
                new String[][] {}, new String[][] {});
        KitException e = assertThrows(KitException.class,
                () -> ClassnameRules.fromLayout("OxfordFlowers", d, d.resolve("jpg")));
        assertTrue(e.getMessage().contains("no entry \"4\""), e.getMessage()); // keys must be 1..n
        write(d.resolve("cat_to_name.json"), "{\"3\": \"canterbury bells\", \"1\": \"pink primrose\", "
                + "\"2\": \"hard-leaved pocket orchid\"}");
        assertClassesAgree("OxfordFlowers", root, List.of("pink primrose", "hard-leaved pocket orchid",
                "canterbury bells"));
    }

    @Test
    void foodAndTexturesAreSortedFoldersAndEuroSatRenamesThem(@TempDir Path root) throws IOException {
        Path food = root.resolve("food-101/images");
        splitFile(root.resolve("food-101/split_zhou_Food101.json"), food,
                new String[][] {{"baby_back_ribs/1.jpg", "1", "baby_back_ribs"}, {"apple_pie/2.jpg", "0", "apple_pie"},
                    {"waffles/4.jpg", "2", "waffles"}},
                new String[][] {}, new String[][] {{"waffles/3.jpg", "2", "waffles"}});
        touch(food.getParent().resolve("meta/classes.txt"));
        assertClassesAgree("Food101", root, List.of("apple_pie", "baby_back_ribs", "waffles"));

        Path dtd = root.resolve("dtd/images");
        splitFile(root.resolve("dtd/split_zhou_DescribableTextures.json"), dtd,
                new String[][] {{"banded/banded_0002.jpg", "0", "banded"}, {"zigzagged/z_1.jpg", "2", "zigzagged"},
                    {"blotchy/blotchy_0003.jpg", "1", "blotchy"}},
                new String[][] {}, new String[][] {});
        touch(dtd.resolve(".DS_Store")); // hidden entries are not classes
        assertClassesAgree("DescribableTextures", root, List.of("banded", "blotchy", "zigzagged"));

        Path sat = root.resolve("eurosat/2750");
        List<String> folders = List.of("AnnualCrop", "Forest", "HerbaceousVegetation", "Highway", "Industrial",
                "Pasture", "PermanentCrop", "Residential", "River", "SeaLake");
        List<String> names = List.of("Annual Crop Land", "Forest", "Herbaceous Vegetation Land", "Highway or Road",
                "Industrial Buildings", "Pasture Land", "Permanent Crop Land", "Residential Buildings", "River",
                "Sea or Lake");
        List<String[]> rows = new ArrayList<>();
        for (int i = folders.size() - 1; i >= 0; i--) {
            rows.add(new String[] {folders.get(i) + "/" + folders.get(i) + "_1.jpg", "" + i, names.get(i)});
        }
        String[][] all = rows.toArray(new String[0][]);
        splitFile(root.resolve("eurosat/split_zhou_EuroSAT.json"), sat, all, all, all);
        DatasetSplits s = assertClassesAgree("EuroSAT", root, names);
        assertEquals(10, s.numClasses());
        DatasetSplits novel = ClassSubsample.apply(s, Subset.NEW);
        assertEquals(names.subList(5, 10), novel.classnames());
        assertEquals(List.of(4, 3, 2, 1, 0), labels(novel.test())); // relabelled 0..4, file order kept
        assertEquals(List.of(4, 3, 2, 1, 0), labels(ClassSubsample.apply(s, Subset.BASE).val()));
    }

    @Test
    void sunNamesAreThePathAfterTheLetterReversedAndUcfNamesSplitCamelCase(@TempDir Path root) throws IOException {
        write(root.resolve("sun397/ClassName.txt"), "/a/abbey\n/a/apartment_building/outdoor\n/b/bakery/shop\n");
        splitFile(root.resolve("sun397/split_zhou_SUN397.json"), root.resolve("sun397/SUN397"),
                new String[][] {{"a/apartment_building/outdoor/sun_a.jpg", "1", "outdoor apartment_building"},
                    {"b/bakery/shop/sun_b.jpg", "2", "shop bakery"}, {"a/abbey/sun_c.jpg", "0", "abbey"}},
                new String[][] {}, new String[][] {});
        assertClassesAgree("SUN397", root, List.of("abbey", "outdoor apartment_building", "shop bakery"));

        write(root.resolve("ucf101/ucfTrainTestlist/classInd.txt"), "1 ApplyEyeMakeup\r\n2 PlayingDaf\r\n3 YoYo\r\n");
        splitFile(root.resolve("ucf101/split_zhou_UCF101.json"), root.resolve("ucf101/UCF-101-midframes"),
                new String[][] {{"Yo_Yo/v_YoYo_g01_c01.jpg", "2", "Yo_Yo"},
                    {"Apply_Eye_Makeup/v_ApplyEyeMakeup_g08_c01.jpg", "0", "Apply_Eye_Makeup"},
                    {"Playing_Daf/v_PlayingDaf_g01_c02.jpg", "1", "Playing_Daf"}},
                new String[][] {}, new String[][] {});
        assertClassesAgree("UCF101", root, List.of("Apply_Eye_Makeup", "Playing_Daf", "Yo_Yo"));
        assertEquals("a photo of a person doing Apply Eye Makeup.",
                Templates.prompt(Templates.coop("UCF101"), "Apply_Eye_Makeup"));
    }

    @Test
    void aSplitFileThatContradictsItsDatasetIsNamedByLabel() {
        assertEquals(Optional.empty(), ClassnameRules.disagreement(List.of("a", "b"), List.of("a", "b")));
        assertEquals(Optional.of("label 1: dataset files say \"Forest\", the split file \"Woods\""),
                ClassnameRules.disagreement(List.of("Annual Crop Land", "Woods"), List.of("Annual Crop Land", "Forest")));
        assertEquals(Optional.of("label 2: dataset files say \"c\", the split file nothing"),
                ClassnameRules.disagreement(List.of("a", "b"), List.of("a", "b", "c")));
    }

    @Test
    void sketchKeepsEveryFolderAndImageNetBaseNewRelabelsTrainAndTestAlike(@TempDir Path root) throws IOException {
        Path sketch = root.resolve("imagenet-sketch");
        write(sketch.resolve("classnames.txt"), "n01 fish\nn02 bird\n");
        touch(sketch.resolve("images/n02/sketch_1.JPEG"));
        touch(sketch.resolve("images/n01/sketch_0.JPEG"));
        touch(sketch.resolve("images/n01/sketch_2.JPEG"));
        DatasetSplits s = Benchmarks.get("ImageNetSketch").read(root);
        assertEquals(List.of("fish", "bird"), s.classnames());
        assertEquals(List.of(0, 0, 1), labels(s.test()));
        assertEquals(List.of(), s.val());

        Path d = root.resolve("imagenet");
        write(d.resolve("classnames.txt"), "n01 tench\nn02 goldfish\nn03 shark\n");
        for (String w : List.of("n01", "n02", "n03")) {
            touch(d.resolve("images/train/" + w + "/a.JPEG"));
            touch(d.resolve("images/train/" + w + "/b.JPEG"));
            touch(d.resolve("images/val/" + w + "/v.JPEG"));
        }
        DatasetSplits full = Benchmarks.get("ImageNet").read(root);
        DatasetSplits shots = FewShotSampler.fewShot(full, 1, 1, null, d.resolve("images"));
        assertEquals(3, shots.train().size());
        assertSame(shots.test(), shots.val()); // ImageNet: no val is sampled, val stays the test split
        Path cacheDir = d.resolve("split_fewshot");
        FewShotSampler.fewShot(full, 1, 1, cacheDir, d.resolve("images"));
        assertTrue(!Files.readString(cacheDir.resolve("shot_1-seed_1.json")).contains("\"val\""),
                "the ImageNet cache holds train only");
        DatasetSplits cached = FewShotSampler.fewShot(full, 1, 1, cacheDir, d.resolve("images"));
        assertEquals(shots.train(), cached.train());
        assertSame(full.test(), cached.val());
        DatasetSplits novel = ClassSubsample.apply(shots, Subset.NEW);
        assertEquals(List.of("shark"), novel.classnames());
        assertEquals(List.of(0), labels(novel.test()));
        assertEquals(novel.test(), novel.val());
    }
}
