package org.commakit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each reader on a small tree in its dataset's real layout (files are empty: only their names matter here). */
class BenchmarkReadersTest {

    static void touch(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[0]);
    }

    @Test
    void imageNetLabelsAreSortedWnidFoldersWithNamesFromClassnamesTxt(@TempDir Path root) throws IOException {
        Path d = root.resolve("imagenet");
        Files.writeString(mk(d).resolve("classnames.txt"),
                "n01440764 tench\nn01443537 goldfish\nn02000000 kite (bird of prey)\n");
        for (String w : List.of("n02000000", "n01440764", "n01443537")) {
            touch(d.resolve("images/train/" + w + "/b.JPEG"));
            touch(d.resolve("images/train/" + w + "/a.JPEG"));
            touch(d.resolve("images/val/" + w + "/v.JPEG"));
        }
        touch(d.resolve("images/train/n01440764/.hidden"));
        DatasetSplits s = Benchmarks.get("ImageNet").read(root);
        assertEquals(List.of("tench", "goldfish", "kite (bird of prey)"), s.classnames());
        assertEquals(6, s.train().size());
        assertEquals("a.JPEG", s.train().get(0).impath().getFileName().toString()); // names sorted
        assertEquals(3, s.test().size());
        assertEquals(s.test(), s.val()); // val is the test set
    }

    static Path mk(Path d) throws IOException {
        return Files.createDirectories(d);
    }

    @Test
    void imageNetAAndRUseTheirOwnSortedSubsetsAndDropTheReadme(@TempDir Path root) throws IOException {
        for (String[] v : new String[][] {{"imagenet-adversarial", "imagenet-a", "ImageNetA"},
            {"imagenet-rendition", "imagenet-r", "ImageNetR"}}) {
            Path d = mk(root.resolve(v[0]));
            Files.writeString(d.resolve("classnames.txt"), "n01 fish\nn02 bird\nn03 dog\n");
            touch(d.resolve(v[1] + "/n03/x.jpg"));
            touch(d.resolve(v[1] + "/n01/y.jpg"));
            touch(d.resolve(v[1] + "/README.txt"));
            DatasetSplits s = Benchmarks.get(v[2]).read(root);
            assertEquals(List.of("fish", "dog"), s.classnames()); // 2-way, labels 0..1 in sorted wnid order
            assertEquals(2, s.numClasses());
        }
    }

    @Test
    void imageNetV2FoldersAreTheLabels(@TempDir Path root) throws IOException {
        Path d = mk(root.resolve("imagenetv2"));
        Files.writeString(d.resolve("classnames.txt"), "n01 fish\nn02 bird\nn03 dog\n");
        touch(d.resolve("imagenetv2-matched-frequency-format-val/2/a.jpeg"));
        touch(d.resolve("imagenetv2-matched-frequency-format-val/0/b.jpeg"));
        DatasetSplits s = Benchmarks.get("ImageNetV2").read(root);
        assertEquals(List.of(0, 2), s.test().stream().map(Datum::label).toList());
        assertEquals("dog", s.test().get(1).classname());
    }

    @Test
    void aircraftReadsTheOfficialTxtSplits(@TempDir Path root) throws IOException {
        Path d = mk(root.resolve("fgvc_aircraft"));
        Files.writeString(d.resolve("variants.txt"), "707-320\nCessna 172\n");
        Files.writeString(d.resolve("images_variant_train.txt"), "0001 Cessna 172\n0002 707-320\n");
        Files.writeString(d.resolve("images_variant_val.txt"), "0003 707-320\n");
        Files.writeString(d.resolve("images_variant_test.txt"), "0004 Cessna 172\n");
        DatasetSplits s = Benchmarks.get("FGVCAircraft").read(root);
        assertEquals(1, s.train().get(0).label());
        assertEquals("Cessna 172", s.train().get(0).classname());
        assertEquals(d.resolve("images/0001.jpg"), s.train().get(0).impath());
        assertEquals(List.of("707-320", "Cessna 172"), s.classnames());
    }

    @Test
    void jsonDatasetsResolveAgainstTheirImageFolderStanfordCarsAgainstItsRoot(@TempDir Path root)
            throws IOException {
        Path pets = mk(root.resolve("oxford_pets"));
        touch(pets.resolve("images/Abyssinian_1.jpg"));
        Files.writeString(pets.resolve("split_zhou_OxfordPets.json"),
                "{\"train\": [[\"Abyssinian_1.jpg\", 0, \"abyssinian\"]], \"val\": [], \"test\": []}");
        assertEquals(pets.resolve("images/Abyssinian_1.jpg"),
                Benchmarks.get("OxfordPets").read(root).train().get(0).impath());
        Path cars = mk(root.resolve("stanford_cars"));
        touch(cars.resolve("cars_train/00001.jpg"));
        Files.writeString(cars.resolve("split_zhou_StanfordCars.json"),
                "{\"train\": [[\"cars_train/00001.jpg\", 0, \"2012 Audi TTS Coupe\"]], \"val\": [], \"test\": []}");
        assertEquals(cars.resolve("cars_train/00001.jpg"),
                Benchmarks.get("StanfordCars").read(root).train().get(0).impath());
    }

    @Test
    void dataCheckListsMissingDatasetsWithTheirScripts(@TempDir Path root) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DataRootCheck.report(root, new PrintStream(buf, true));
        String out = buf.toString();
        assertTrue(out.contains("EuroSAT") && out.contains("missing") && out.contains("data-scripts/eurosat.sh"), out);
        assertEquals(15, out.lines().filter(l -> l.contains("missing")).count());
    }
}
