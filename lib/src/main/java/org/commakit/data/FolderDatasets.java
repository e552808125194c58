package org.commakit.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.commakit.KitException;

/**
 * The datasets read from folders rather than split files: ImageNet and its four variants, and FGVCAircraft's txt
 * splits (docs/data-protocol.md#layouts-per-dataset). Folder and file lists are sorted by code point ({@code String.compareTo}) with
 * hidden entries dropped. ImageNet's Python loader lists the images of a class unsorted ({@code os.listdir}), so its
 * few-shot subsets depend on the filesystem even in Python; the kit sorts them (a documented difference).
 */
public final class FolderDatasets {
    private FolderDatasets() {}

    /** Sorted, non-hidden names in a folder. */
    static List<String> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new KitException("Folder " + dir + " not found.");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new KitException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** {@code classnames.txt}: "wnid name words..." per line, in file order. */
    static Map<String, String> classnames(Path file, String dataset) {
        if (!Files.isRegularFile(file)) {
            String script = DataRoot.scriptFor(dataset);
            throw new KitException("classnames.txt not found at " + file + ". " + (script == null
                    ? "Generate the mini world again (./kit mini generate)." : "Run data-scripts/" + script
                    + " (it places ImageNet's classnames.txt)."));
        }
        Map<String, String> out = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                line = line.strip();
                if (line.isEmpty()) {
                    continue;
                }
                int sp = line.indexOf(' ');
                if (sp < 0) {
                    throw new KitException(file + ": line \"" + line + "\" is not \"<wnid> <class name>\"");
                }
                out.put(line.substring(0, sp), line.substring(sp + 1).strip().replaceAll("\\s+", " "));
            }
        } catch (IOException e) {
            throw new KitException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Items of class folders: label = index of the folder in {@code folders}, name from {@code names}. */
    static List<Datum> fromFolders(Path base, List<String> folders, Map<String, String> names, Path namesFile) {
        List<Datum> out = new ArrayList<>();
        for (int label = 0; label < folders.size(); label++) {
            String wnid = folders.get(label);
            String name = names.get(wnid);
            if (name == null) {
                throw new KitException("class folder '" + wnid + "' in " + base + " has no line in " + namesFile);
            }
            for (String f : list(base.resolve(wnid))) {
                out.add(new Datum(base.resolve(wnid).resolve(f), label, name));
            }
        }
        return out;
    }

    /** ImageNet: images/train/<wnid>, images/val/<wnid> (val is the test set), classnames.txt. */
    public record ImageNet(String name, String folder) implements DatasetReader {
        @Override
        public DatasetSplits read(Path root) {
            Path dir = existing(root, this);
            Path namesFile = dir.resolve("classnames.txt");
            Map<String, String> names = classnames(namesFile, name);
            List<String> folders = list(dir.resolve("images/train"));
            List<Datum> train = fromFolders(dir.resolve("images/train"), folders, names, namesFile);
            List<Datum> test = fromFolders(dir.resolve("images/val"), folders, names, namesFile);
            return new DatasetSplits(name, train, test, test);
        }

        @Override
        public Path imageRoot(Path root) {
            return root.resolve(folder).resolve("images");
        }
    }

    /** ImageNet-Sketch / -A / -R: class folders under {@code images}, {@code imagenet-a} or {@code imagenet-r}. */
    public record Variant(String name, String folder, String imageFolder) implements DatasetReader {
        @Override
        public DatasetSplits read(Path root) {
            Path dir = existing(root, this);
            Path namesFile = dir.resolve("classnames.txt");
            Map<String, String> names = classnames(namesFile, name);
            Path base = dir.resolve(imageFolder);
            List<String> folders = list(base).stream().filter(n -> !n.equals("README.txt")).toList();
            List<Datum> test = fromFolders(base, folders, names, namesFile);
            return new DatasetSplits(name, test, List.of(), test);
        }

        @Override
        public Path imageRoot(Path root) {
            return root.resolve(folder).resolve(imageFolder);
        }
    }

    /** ImageNetV2: numeric folders 0..999 are the labels; names are classnames.txt in file order. */
    public record ImageNetV2(String name, String folder) implements DatasetReader {
        @Override
        public DatasetSplits read(Path root) {
            Path dir = existing(root, this);
            List<String> names = new ArrayList<>(classnames(dir.resolve("classnames.txt"), name).values());
            Path base = imageRoot(root);
            List<Datum> test = new ArrayList<>();
            for (int label = 0; label < names.size(); label++) {
                Path classDir = base.resolve(String.valueOf(label));
                if (!Files.isDirectory(classDir)) {
                    continue;
                }
                for (String f : list(classDir)) {
                    test.add(new Datum(classDir.resolve(f), label, names.get(label)));
                }
            }
            return new DatasetSplits(name, test, List.of(), test);
        }

        @Override
        public Path imageRoot(Path root) {
            return root.resolve(folder).resolve("imagenetv2-matched-frequency-format-val");
        }
    }

    /** FGVCAircraft: variants.txt gives the labels; images_variant_{split}.txt lines are "<id> <variant>". */
    public record Aircraft(String name, String folder) implements DatasetReader {
        @Override
        public DatasetSplits read(Path root) {
            Path dir = existing(root, this);
            try {
                List<String> variants = Files.readAllLines(dir.resolve("variants.txt")).stream().map(String::strip)
                        .filter(s -> !s.isEmpty()).toList();
                Map<String, Integer> label = new LinkedHashMap<>();
                for (int i = 0; i < variants.size(); i++) {
                    label.put(variants.get(i), i);
                }
                List<List<Datum>> parts = new ArrayList<>();
                for (String split : new String[] {"train", "val", "test"}) {
                    List<Datum> items = new ArrayList<>();
                    for (String line : Files.readAllLines(dir.resolve("images_variant_" + split + ".txt"))) {
                        line = line.strip();
                        if (line.isEmpty()) {
                            continue;
                        }
                        int sp = line.indexOf(' ');
                        String variant = line.substring(sp + 1);
                        Integer l = label.get(variant);
                        if (l == null) {
                            throw new KitException("FGVCAircraft: variant \"" + variant + "\" in images_variant_"
                                    + split + ".txt is not in variants.txt");
                        }
                        items.add(new Datum(dir.resolve("images").resolve(line.substring(0, sp) + ".jpg"), l, variant));
                    }
                    parts.add(items);
                }
                return new DatasetSplits(name, parts.get(0), parts.get(1), parts.get(2));
            } catch (IOException e) {
                throw new KitException("FGVCAircraft files missing in " + dir + " (" + e.getMessage() + "). Run "
                        + "data-scripts/fgvc_aircraft.sh.", e);
            }
        }

        @Override
        public Path imageRoot(Path root) {
            return root.resolve(folder).resolve("images");
        }
    }

    /** {@code <root>/<folder>}, or an error naming the data-script and the settings that move the data root. */
    static Path existing(Path root, DatasetReader r) {
        Path dir = root.resolve(r.folder());
        if (!Files.isDirectory(dir)) {
            String rootToo = Files.isDirectory(root) ? "" : Files.exists(root) ? " (the data root " + root + " is a "
                    + "file, not a folder)" : " (nor does the data root " + root + ")";
            String problem = Files.exists(dir) ? dir + " is a file, not a folder" : dir + " does not exist";
            String script = DataRoot.scriptFor(r.name());
            throw new KitException("Dataset " + r.name() + " not found: " + problem + rootToo + ". "
                    + (script == null ? "G" + DataRoot.howToPrepare(r.name(), root).substring(1) + "."
                    : "Run data-scripts/" + script + ", or point COMMA_DATA (or -Dcomma.data) at the folder that "
                    + "holds '" + r.folder() + "'."));
        }
        return dir;
    }
}
