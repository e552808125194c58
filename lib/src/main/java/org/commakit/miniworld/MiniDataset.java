package org.commakit.miniworld;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One dataset of the mini world: its CoOp name, folder, on-disk layout, classes in label order, hand-crafted
 * prompt template and split sizes. The layouts are those of the real benchmarks (docs/data-protocol.md#layouts-per-dataset), so the real
 * readers load a mini dataset unchanged when pointed at its folder.
 */
public final class MiniDataset {

    /** Which real benchmark's files a mini dataset imitates. */
    public enum Layout {
        /** {@code images/train/<wnid>/*}, {@code images/val/<wnid>/*}, {@code classnames.txt} (train, and val as test). */
        IMAGENET,
        /** {@code imagenetv2-matched-frequency-format-val/<label>/*} and {@code classnames.txt} (test only). */
        IMAGENET_V2,
        /** {@code images/<wnid>/*} and {@code classnames.txt} (test only). */
        IMAGENET_SKETCH,
        /** {@code imagenet-a/<wnid>/*} plus {@code imagenet-a/README.txt}, {@code classnames.txt} (test only). */
        IMAGENET_A,
        /** {@code imagenet-r/<wnid>/*} plus {@code imagenet-r/README.txt}, {@code classnames.txt} (test only). */
        IMAGENET_R,
        /** {@code images/<class>/*} and {@code split_zhou_<Name>.json} with train/val/test relative to images/. */
        SPLIT_JSON
    }

    private final String name;
    private final String folder;
    private final String kind;
    private final Layout layout;
    private final List<Concept> concepts;
    private final List<String> wnids;
    private final String template;
    private final int trainPerClass;
    private final int valPerClass;
    private final int testPerClass;
    private final List<RenderStyle> styles;
    private final Nuisance nuisance;
    private final CameraLook look;

    MiniDataset(String name, String folder, String kind, Layout layout, List<? extends Concept> concepts,
            List<String> wnids, String template, int trainPerClass, int valPerClass, int testPerClass,
            List<RenderStyle> styles, Nuisance nuisance) {
        this(name, folder, kind, layout, concepts, wnids, template, trainPerClass, valPerClass, testPerClass, styles,
                nuisance, CameraLook.NONE);
    }

    MiniDataset(String name, String folder, String kind, Layout layout, List<? extends Concept> concepts,
            List<String> wnids, String template, int trainPerClass, int valPerClass, int testPerClass,
            List<RenderStyle> styles, Nuisance nuisance, CameraLook look) {
        this.look = look;
        this.name = name;
        this.folder = folder;
        this.kind = kind;
        this.layout = layout;
        this.concepts = List.copyOf(concepts);
        this.wnids = List.copyOf(wnids);
        this.template = template;
        this.trainPerClass = trainPerClass;
        this.valPerClass = valPerClass;
        this.testPerClass = testPerClass;
        this.styles = List.copyOf(styles);
        this.nuisance = nuisance;
        if (!template.contains("{}")) {
            throw new IllegalArgumentException("template of " + name + " is \"" + template + "\"; it needs a {} "
                    + "where the class name goes");
        }
        if (!wnids.isEmpty() && wnids.size() != concepts.size()) {
            throw new IllegalArgumentException(name + " has " + concepts.size() + " classes but " + wnids.size()
                    + " wnids");
        }
    }

    /** The CoOp-style dataset name ({@code DATASET.NAME}), e.g. "MiniTextures"; also in the split file name. */
    public String name() {
        return name;
    }

    /** The dataset's folder under the world root ({@code dataset_dir}), e.g. "mini-textures". */
    public String folder() {
        return folder;
    }

    /** What kind of visual concept the classes are ("textures", "satellite tiles", ...). */
    public String kind() {
        return kind;
    }

    public Layout layout() {
        return layout;
    }

    /** The dataset's directory under a world root. */
    public Path dir(Path worldRoot) {
        return worldRoot.resolve(folder);
    }

    /** Class names in label order (0..K-1), natural language with spaces. */
    public List<String> classnames() {
        List<String> names = new ArrayList<>(concepts.size());
        for (Concept c : concepts) {
            names.add(c.classname());
        }
        return names;
    }

    public int numClasses() {
        return concepts.size();
    }

    /**
     * Synthetic WordNet-like ids ("m0001") for the ImageNet layouts, in label order (sorted, so the real readers'
     * sorted-folder labels are these labels); empty for JSON datasets.
     */
    public List<String> wnids() {
        return wnids;
    }

    /** The hand-crafted prompt template with {@code {}} for the class name (as CoOp's CUSTOM_TEMPLATES). */
    public String template() {
        return template;
    }

    /** The template filled with a class name, underscores replaced by spaces (docs/data-protocol.md#templates). */
    public String prompt(String classname) {
        return template.replace("{}", classname.replace('_', ' '));
    }

    /** The camera every image of the dataset goes through after it is drawn ({@link CameraLook}). */
    CameraLook look() {
        return look;
    }

    /**
     * The reader that loads this dataset: the same reader class as the real benchmark whose layout it imitates, with
     * the mini world's folder name.
     */
    public org.commakit.data.DatasetReader reader() {
        switch (layout()) {
            case IMAGENET:
                return new org.commakit.data.FolderDatasets.ImageNet(name(), folder());
            case IMAGENET_V2:
                return new org.commakit.data.FolderDatasets.ImageNetV2(name(), folder());
            case IMAGENET_SKETCH:
                return new org.commakit.data.FolderDatasets.Variant(name(), folder(), "images");
            case IMAGENET_A:
                return new org.commakit.data.FolderDatasets.Variant(name(), folder(), "imagenet-a");
            case IMAGENET_R:
                return new org.commakit.data.FolderDatasets.Variant(name(), folder(), "imagenet-r");
            default:
                return new org.commakit.data.JsonSplitDataset(name(), folder(), splitFile(), "images", true);
        }
    }

    /** The split file name for {@link Layout#SPLIT_JSON}: {@code split_zhou_<Name>.json}. */
    public String splitFile() {
        return "split_zhou_" + name + ".json";
    }

    /** Images per class in the train split at full scale (0 for test-only variants). */
    public int trainPerClass() {
        return trainPerClass;
    }

    /** Images per class in the val split at full scale (0 where the layout has none). */
    public int valPerClass() {
        return valPerClass;
    }

    /** Images per class in the test split at full scale (ImageNet's val folder for {@link Layout#IMAGENET}). */
    public int testPerClass() {
        return testPerClass;
    }

    /** The folder name of class {@code label} inside the image directory. */
    String classFolder(int label) {
        return switch (layout) {
            case SPLIT_JSON -> concepts.get(label).classname().replace(' ', '_');
            case IMAGENET_V2 -> Integer.toString(label);
            default -> wnids.get(label);
        };
    }

    List<Concept> concepts() {
        return concepts;
    }

    /** The rendering style of one image: the only style, or one of several chosen at random. */
    RenderStyle style(SplittableRandom r) {
        return styles.size() == 1 ? styles.get(0) : styles.get(r.nextInt(styles.size()));
    }

    Nuisance nuisance() {
        return nuisance;
    }

    @Override
    public String toString() {
        return name + " (" + kind + ", " + numClasses() + " classes, " + folder + "/)";
    }
}
