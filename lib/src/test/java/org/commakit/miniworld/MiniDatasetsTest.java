package org.commakit.miniworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.commakit.miniworld.MiniDataset.Layout;
import org.junit.jupiter.api.Test;

class MiniDatasetsTest {

    @Test
    void theSourceHasAtLeastFiftyClassesAndFourShiftedVariants() {
        MiniDataset source = MiniDatasets.IMAGENET;
        assertEquals(40, source.numClasses());
        assertEquals(Layout.IMAGENET, source.layout());
        List<MiniDataset> variants = MiniDatasets.variants();
        assertEquals(List.of(Layout.IMAGENET_V2, Layout.IMAGENET_SKETCH, Layout.IMAGENET_A, Layout.IMAGENET_R),
                variants.stream().map(MiniDataset::layout).toList());
        assertEquals(source.classnames(), MiniDatasets.IMAGENET_V2.classnames());
        assertEquals(source.classnames(), MiniDatasets.IMAGENET_SKETCH.classnames());
    }

    @Test
    void atLeastSixTargetsOfDifferentKindsWithTenOrMoreClasses() {
        List<MiniDataset> targets = MiniDatasets.targets();
        assertTrue(targets.size() >= 6);
        Set<String> kinds = new HashSet<>();
        for (MiniDataset d : targets) {
            assertTrue(d.numClasses() >= 10, d + " has fewer than 10 classes");
            assertEquals(Layout.SPLIT_JSON, d.layout());
            assertTrue(kinds.add(d.kind()), "two targets of kind " + d.kind());
            assertEquals("split_zhou_" + d.name() + ".json", d.splitFile());
        }
        assertEquals(MiniDatasets.all().size(), 1 + 4 + targets.size());
    }

    @Test
    void splitsAllowSixteenShotsAndTestSetsOfAtLeast240Images() {
        List<MiniDataset> trained = new ArrayList<>(MiniDatasets.targets());
        trained.add(MiniDatasets.IMAGENET);
        for (MiniDataset d : trained) {
            assertTrue(d.trainPerClass() >= 16, d + ": " + d.trainPerClass() + " train images per class");
            assertTrue(d.numClasses() * d.testPerClass() >= 240, d + ": test split too small");
        }
        for (MiniDataset d : MiniDatasets.targets()) {
            assertTrue(d.valPerClass() >= 4, d + ": few-shot val needs min(K, 4) images per class");
        }
        for (MiniDataset d : MiniDatasets.variants()) {
            assertEquals(0, d.trainPerClass() + d.valPerClass(), d + " is test only");
            assertTrue(d.numClasses() * d.testPerClass() >= 240, d + ": test split too small");
        }
    }

    @Test
    void classNamesAreUniqueNaturalLanguageAndTemplatesTakeThem() {
        for (MiniDataset d : MiniDatasets.all()) {
            List<String> names = d.classnames();
            assertEquals(names.size(), new HashSet<>(names).size(), d + " repeats a class name");
            for (String n : names) {
                assertTrue(n.matches("[a-z]+( [a-zA-Z]+)*"), d + ": class name \"" + n + "\" is not plain words");
            }
            assertTrue(d.template().contains("{}"));
        }
        assertEquals("a photo of a red circle.", MiniDatasets.IMAGENET.prompt("red circle"));
        assertEquals("a centered satellite photo of sea or lake.", MiniDatasets.SATELLITE.prompt("sea_or_lake"));
        assertEquals("a photo of a striped texture.", MiniDatasets.TEXTURES.prompt("striped"));
    }

    @Test
    void imagenetWnidsAreSortedAndTheAAndRSubsetsDiffer() {
        List<String> wnids = MiniDatasets.IMAGENET.wnids();
        assertEquals("m0001", wnids.get(0));
        assertEquals("m0040", wnids.get(39));
        assertEquals(wnids.stream().sorted().toList(), wnids);
        MiniDataset a = MiniDatasets.IMAGENET_A;
        MiniDataset r = MiniDatasets.IMAGENET_R;
        assertEquals(20, a.numClasses());
        assertEquals(20, r.numClasses());
        assertNotEquals(a.wnids(), r.wnids());
        for (MiniDataset d : List.of(a, r)) {
            assertEquals(d.wnids().stream().sorted().toList(), d.wnids());
            for (int i = 0; i < d.numClasses(); i++) {
                int label = wnids.indexOf(d.wnids().get(i));
                assertEquals(MiniDatasets.IMAGENET.classnames().get(label), d.classnames().get(i));
            }
        }
        // base (first half) and new (second half) each mix coloured shapes and objects
        List<String> names = MiniDatasets.IMAGENET.classnames();
        assertEquals("red circle", names.get(0));
        assertEquals("house", names.get(1));
        assertEquals("yellow triangle", names.get(20)); // the first new class
    }

    @Test
    void targetsShareSomeConceptsWithTheSourceButNotAll() {
        Set<String> source = new HashSet<>(MiniDatasets.IMAGENET.classnames());
        Set<String> sourceWords = new HashSet<>();
        source.forEach(n -> sourceWords.addAll(List.of(n.split(" "))));
        for (MiniDataset d : MiniDatasets.targets()) {
            assertFalse(source.containsAll(d.classnames()), d + " only repeats source classes");
        }
        assertTrue(MiniDatasets.SHAPES.classnames().stream().filter(source::contains).count() >= 2);
        assertTrue(MiniDatasets.FOOD.classnames().contains("apple") && source.contains("apple"));
        long sharedWords = MiniDatasets.SHAPES.classnames().stream()
                .filter(n -> sourceWords.containsAll(List.of(n.split(" ")))).count();
        assertTrue(sharedWords < MiniDatasets.SHAPES.numClasses(), "MiniShapes also has new colours and shapes");
    }

    /**
     * The captions never name the held-out classes, so zero-shot accuracy on them measures compositional transfer.
     * The list is part of the pretraining corpus and so of the committed MiniCLIP; three of its source compositions
     * (purple star, pink triangle, white square) left MiniImageNet with world generator 4 (40 classes) and are simply
     * never captioned.
     */
    @Test
    void heldOutClassesIncludeNineColourShapeCompositionsOfTheDatasets() {
        Set<String> all = new HashSet<>();
        MiniDatasets.all().forEach(d -> all.addAll(d.classnames()));
        List<String> heldOut = MiniCaptions.heldOutClassnames();
        assertEquals(List.of("purple star", "pink triangle", "white square"),
                heldOut.stream().filter(n -> !all.contains(n)).toList(), "held-out classes of no dataset");
        Set<String> colourShapes = new HashSet<>(MiniDatasets.IMAGENET.classnames());
        colourShapes.addAll(MiniDatasets.SHAPES.classnames());
        assertEquals(3, heldOut.stream().filter(MiniDatasets.IMAGENET.classnames()::contains).count());
        long compositions = heldOut.stream().filter(colourShapes::contains).count();
        assertEquals(9, compositions);
        assertTrue(MiniCaptions.isHeldOut("Purple_Star"));
        assertFalse(MiniCaptions.isHeldOut("purple circle"));
    }

    @Test
    void anUnknownDatasetNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MiniDatasets.byName("Foo"));
        assertTrue(e.getMessage().contains("MiniTextures"), e.getMessage());
        assertEquals(MiniDatasets.GLYPHS, MiniDatasets.byName("miniglyphs"));
    }
}
