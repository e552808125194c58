package org.commakit.miniworld;

import static org.commakit.miniworld.NamedColour.BLACK;
import static org.commakit.miniworld.NamedColour.BLUE;
import static org.commakit.miniworld.NamedColour.BROWN;
import static org.commakit.miniworld.NamedColour.GREEN;
import static org.commakit.miniworld.NamedColour.ORANGE;
import static org.commakit.miniworld.NamedColour.PINK;
import static org.commakit.miniworld.NamedColour.PURPLE;
import static org.commakit.miniworld.NamedColour.RED;
import static org.commakit.miniworld.NamedColour.WHITE;
import static org.commakit.miniworld.NamedColour.YELLOW;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.commakit.KitException;
import org.commakit.data.DatasetCatalog;
import org.commakit.data.DatasetReader;
import org.commakit.miniworld.MiniDataset.Layout;

/**
 * The registry of the mini world: one broad source dataset (MiniImageNet), four domain-shifted variants of it
 * (V2 / Sketch / A / R) and seven target datasets of different kinds, mirroring the benchmarks of CoOp, CoCoOp,
 * MaPLe and COMMA at a size a laptop CPU can train on.
 *
 * <p>Concepts overlap on purpose: the targets reuse the source's colour and shape words, pictograms and props in new
 * combinations, so zero-shot transfer is possible but not trivial.
 */
public final class MiniDatasets {
    /**
     * Colours and shapes of MiniImageNet's 20 colour-shape classes. The source has 40 classes (world generator 4; 64
     * before): 80 % of the papers' protocol was training on it, quadratic in its classes (more steps, each over more
     * class prompts), and 40 keeps three seeds within the main job's 15 minutes (docs/mini-world.md#the-papers-protocol).
     */
    static final List<NamedColour> SOURCE_COLOURS = List.of(RED, ORANGE, YELLOW, GREEN, BLUE);
    static final List<ShapeKind> SOURCE_SHAPES =
            List.of(ShapeKind.CIRCLE, ShapeKind.SQUARE, ShapeKind.TRIANGLE, ShapeKind.STAR);
    /** MiniImageNet's 20 object classes. */
    static final List<Pictogram> SOURCE_OBJECTS = List.of(Pictogram.HOUSE, Pictogram.TREE, Pictogram.CAR,
            Pictogram.FLOWER, Pictogram.SUN, Pictogram.FISH, Pictogram.SAILBOAT, Pictogram.UMBRELLA,
            Pictogram.MUSHROOM, Pictogram.KEY, Pictogram.MUG, Pictogram.BALLOON, Pictogram.SNOWMAN, Pictogram.ROCKET,
            Pictogram.APPLE, Pictogram.CACTUS, Pictogram.CROWN, Pictogram.KITE, Pictogram.CLOCK, Pictogram.BICYCLE);
    /** MiniShapes: new colours and shapes next to a few of the source's (red, blue and yellow squares). */
    static final List<NamedColour> SHAPES_COLOURS = List.of(RED, BLUE, YELLOW, BROWN, BLACK);
    static final List<ShapeKind> SHAPES_SHAPES =
            List.of(ShapeKind.SQUARE, ShapeKind.HEART, ShapeKind.DIAMOND, ShapeKind.HEXAGON);
    static final List<Pictogram> FOODS = List.of(Pictogram.APPLE, Pictogram.BANANA, Pictogram.CHERRIES,
            Pictogram.GRAPES, Pictogram.CARROT, Pictogram.WATERMELON, Pictogram.PIZZA, Pictogram.DONUT,
            Pictogram.ICE_CREAM, Pictogram.COOKIE, Pictogram.FRIED_EGG, Pictogram.HAMBURGER);

    private static final String IMAGENET_TEMPLATE = "a photo of a {}.";
    private static final List<RenderStyle> PHOTO = List.of(RenderStyle.PHOTO);
    private static final List<RenderStyle> RENDITIONS =
            List.of(RenderStyle.CARTOON, RenderStyle.HATCHED, RenderStyle.MOSAIC, RenderStyle.PIXEL);

    /** The camera of the source and its variants: they share one look, as ImageNet and its re-collections do. */
    static final CameraLook SOURCE_LOOK = CameraLook.ARCHIVE;
    private static final List<Concept> SOURCE_CLASSES = sourceClasses();
    private static final List<String> SOURCE_WNIDS = wnids(SOURCE_CLASSES.size());

    /** The source: 40 classes, colour-shape and object classes interleaved so base and new halves mix both. */
    public static final MiniDataset IMAGENET = new MiniDataset("MiniImageNet", "mini-imagenet",
            "objects: coloured shapes and pictograms", Layout.IMAGENET, SOURCE_CLASSES, SOURCE_WNIDS,
            IMAGENET_TEMPLATE, 24, 0, 8, PHOTO, Nuisance.STANDARD, SOURCE_LOOK);
    /** As ImageNetV2: the same classes drawn again with another seed and slightly wider nuisances. */
    public static final MiniDataset IMAGENET_V2 = new MiniDataset("MiniImageNetV2", "mini-imagenetv2",
            "objects, re-sampled", Layout.IMAGENET_V2, SOURCE_CLASSES, SOURCE_WNIDS, IMAGENET_TEMPLATE, 0, 0, 6,
            PHOTO, Nuisance.RESAMPLED, SOURCE_LOOK);
    /** As ImageNet-Sketch: grey pencil outlines on paper, no colour. */
    public static final MiniDataset IMAGENET_SKETCH = new MiniDataset("MiniImageNetSketch", "mini-imagenet-sketch",
            "objects, pencil sketches", Layout.IMAGENET_SKETCH, SOURCE_CLASSES, SOURCE_WNIDS, IMAGENET_TEMPLATE, 0,
            0, 6, List.of(RenderStyle.SKETCH), Nuisance.DRAWING, SOURCE_LOOK);
    /** As ImageNet-A: half of the classes (labels 0, 1 mod 4) with hard nuisances. */
    public static final MiniDataset IMAGENET_A = subset("MiniImageNetA", "mini-imagenet-adversarial",
            "objects, hard nuisances", Layout.IMAGENET_A, new int[] {0, 1}, 12, PHOTO, Nuisance.HARD);
    /** As ImageNet-R: half of the classes (labels 0, 3 mod 4) as cartoons, hatched drawings, mosaics, pixel art. */
    public static final MiniDataset IMAGENET_R = subset("MiniImageNetR", "mini-imagenet-rendition",
            "objects, renditions", Layout.IMAGENET_R, new int[] {0, 3}, 12, RENDITIONS, Nuisance.DRAWING);

    public static final MiniDataset SHAPES = json("MiniShapes", "mini-shapes", "coloured shapes",
            product(SHAPES_COLOURS, SHAPES_SHAPES), "a photo of a {} shape.", 15, Nuisance.STANDARD, CameraLook.WARM);
    public static final MiniDataset TEXTURES = json("MiniTextures", "mini-textures", "textures",
            Arrays.asList(Texture.values()), "a photo of a {} texture.", 25, Nuisance.STANDARD, CameraLook.FADED);
    public static final MiniDataset COUNTS = json("MiniCounts", "mini-counts", "counts", counts(),
            "a photo of {}.", 25, Nuisance.STANDARD, CameraLook.COOL);
    public static final MiniDataset GLYPHS = json("MiniGlyphs", "mini-glyphs", "symbols",
            Arrays.asList(Glyph.values()), "a picture of the {} symbol.", 20, Nuisance.UPRIGHT, CameraLook.FADED);
    public static final MiniDataset SATELLITE = json("MiniSatellite", "mini-satellite", "satellite tiles",
            Arrays.asList(LandUse.values()), "a centered satellite photo of {}.", 30, Nuisance.STANDARD,
            CameraLook.HAZE);
    public static final MiniDataset SCENES = json("MiniScenes", "mini-scenes", "scenes of several objects",
            Arrays.asList(SceneKind.values()), "a photo of a {}.", 25, Nuisance.STANDARD, CameraLook.DUSK);
    public static final MiniDataset FOOD = json("MiniFood", "mini-food", "food", FOODS,
            "a photo of {}, a type of food.", 25, Nuisance.STANDARD, CameraLook.WARM);

    private static final List<MiniDataset> ALL = List.of(IMAGENET, IMAGENET_V2, IMAGENET_SKETCH, IMAGENET_A,
            IMAGENET_R, SHAPES, TEXTURES, COUNTS, GLYPHS, SATELLITE, SCENES, FOOD);

    private MiniDatasets() {}

    /** Every dataset: the source, its four variants, then the seven targets. */
    public static List<MiniDataset> all() {
        return ALL;
    }

    /** The four domain-shifted variants of {@link #IMAGENET} (domain generalisation targets). */
    public static List<MiniDataset> variants() {
        return List.of(IMAGENET_V2, IMAGENET_SKETCH, IMAGENET_A, IMAGENET_R);
    }

    /** The seven target datasets (cross-dataset transfer and base-to-new). */
    public static List<MiniDataset> targets() {
        return List.of(SHAPES, TEXTURES, COUNTS, GLYPHS, SATELLITE, SCENES, FOOD);
    }

    /**
     * The mini world's datasets as a {@link DatasetCatalog}: they load through the same reader classes as the real
     * benchmarks, each with its own hand-crafted template.
     */
    public static DatasetCatalog catalog() {
        return CATALOG;
    }

    private static final DatasetCatalog CATALOG = new DatasetCatalog() {
        @Override
        public List<String> names() {
            return ALL.stream().map(MiniDataset::name).toList();
        }

        @Override
        public DatasetReader reader(String dataset) {
            return find(dataset).reader();
        }

        @Override
        public String template(String dataset) {
            return find(dataset).template();
        }

        private MiniDataset find(String dataset) {
            for (MiniDataset d : ALL) {
                if (d.name().equals(dataset)) {
                    return d;
                }
            }
            throw new KitException("unknown dataset '" + dataset + "'; the mini world's datasets are " + names()
                    + " (the real benchmarks are in the full preset's catalog)");
        }
    };

    /** The dataset with a given CoOp name ("MiniTextures"), case-insensitive. */
    public static MiniDataset byName(String name) {
        for (MiniDataset d : ALL) {
            if (d.name().equalsIgnoreCase(name)) {
                return d;
            }
        }
        List<String> names = new ArrayList<>();
        ALL.forEach(d -> names.add(d.name()));
        throw new IllegalArgumentException("no mini dataset named \"" + name + "\"; known: " + names);
    }

    private static List<Concept> sourceClasses() {
        List<Concept> shapes = product(SOURCE_COLOURS, SOURCE_SHAPES);
        List<Concept> out = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            out.add(shapes.get(i));
            out.add(SOURCE_OBJECTS.get(i));
        }
        return out;
    }

    private static List<Concept> product(List<NamedColour> colours, List<ShapeKind> shapes) {
        List<Concept> out = new ArrayList<>();
        for (NamedColour c : colours) {
            for (ShapeKind s : shapes) {
                out.add(new ColouredShape(c, s));
            }
        }
        return out;
    }

    /** One to six dots and squares, interleaved: base classes are the small counts, new ones the large. */
    private static List<Concept> counts() {
        List<Concept> out = new ArrayList<>();
        for (int n = 1; n <= 6; n++) {
            out.add(new Count(n, ShapeKind.CIRCLE));
            out.add(new Count(n, ShapeKind.SQUARE));
        }
        return out;
    }

    private static List<String> wnids(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(String.format("m%04d", i));
        }
        return out;
    }

    private static MiniDataset subset(String name, String folder, String kind, Layout layout, int[] residues,
            int testPerClass, List<RenderStyle> styles, Nuisance nuisance) {
        List<Concept> classes = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < SOURCE_CLASSES.size(); i++) {
            for (int residue : residues) {
                if (i % 4 == residue) {
                    classes.add(SOURCE_CLASSES.get(i));
                    ids.add(SOURCE_WNIDS.get(i));
                }
            }
        }
        return new MiniDataset(name, folder, kind, layout, classes, ids, IMAGENET_TEMPLATE, 0, 0, testPerClass,
                styles, nuisance, SOURCE_LOOK);
    }

    private static MiniDataset json(String name, String folder, String kind, List<? extends Concept> classes,
            String template, int testPerClass, Nuisance nuisance, CameraLook look) {
        return new MiniDataset(name, folder, kind, Layout.SPLIT_JSON, classes, List.of(), template, 24, 6,
                testPerClass, PHOTO, nuisance, look);
    }
}
