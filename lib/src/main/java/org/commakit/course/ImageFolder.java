package org.commakit.course;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.commakit.KitException;
import org.commakit.data.DatasetSplits;
import org.commakit.data.Datum;
import org.commakit.protocol.Preset;

/**
 * A folder of one's own images as a dataset: one subfolder per class ({@code red_circle/01.png}; an underscore in a
 * folder name reads as a space in the class name), PNG or JPEG files. {@link #example} fills such a folder from the
 * mini world, for a chapter that runs without a folder of the reader's.
 */
public final class ImageFolder {
    private ImageFolder() {
    }

    /**
     * The folder's images as train and test splits: classes are the sorted subfolder names, each class's images are
     * shuffled with {@code seed} (per class) and the first {@code trainShare} of them train, the rest test.
     */
    public static DatasetSplits read(Path folder, double trainShare, int seed) {
        if (!Files.isDirectory(folder)) {
            throw new KitException("the image folder " + folder + " does not exist or is not a folder; point the "
                    + "chapter's MY_IMAGES at a folder with one subfolder of images per class");
        }
        if (!(trainShare > 0 && trainShare < 1)) {
            throw new KitException("the training share must lie between 0 and 1 (exclusive), not " + trainShare);
        }
        List<String> classes = list(folder).stream().filter(Files::isDirectory)
                .map(p -> p.getFileName().toString().replace('_', ' ')).sorted().toList();
        if (classes.size() < 2) {
            throw new KitException("the image folder " + folder + " has " + classes.size() + " class subfolder(s); "
                    + "a classifier needs at least 2 (one subfolder of images per class)");
        }
        List<Datum> train = new ArrayList<>();
        List<Datum> test = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            Path classFolder = folder.resolve(classes.get(label).replace(' ', '_'));
            List<Path> files = new ArrayList<>(list(classFolder).stream().filter(p -> p.getFileName().toString()
                    .toLowerCase(Locale.ROOT).matches(".*\\.(png|jpe?g)")).sorted().toList());
            if (files.size() < 2) {
                throw new KitException("the class folder " + classFolder + " has " + files.size() + " image(s); each "
                        + "class needs at least 2 (PNG or JPEG), one to train on and one to test");
            }
            Collections.shuffle(files, new Random(seed + label));
            int trainCount = Math.max(1, Math.min(files.size() - 1, (int) Math.round(files.size() * trainShare)));
            for (int i = 0; i < files.size(); i++) {
                (i < trainCount ? train : test).add(new Datum(files.get(i), label, classes.get(label)));
            }
        }
        return new DatasetSplits(folder.getFileName().toString(), train, List.of(), test);
    }

    /**
     * Writes an example folder into {@code target}: {@code classes} classes spread over the mini world's MiniShapes
     * (coloured shapes), {@code perClass} images of each, copied from its train and test images. Returns
     * {@code target}.
     */
    public static Path example(Path target, int classes, int perClass) {
        DatasetSplits shapes = Preset.MINI.catalog().reader("MiniShapes").read(Preset.MINI.prepare());
        List<String> names = shapes.classnames();
        if (classes < 2 || classes > names.size() || perClass < 2) {
            throw new KitException("an example folder needs 2 to " + names.size() + " classes and at least 2 images "
                    + "per class, not " + classes + " classes of " + perClass);
        }
        try {
            for (int k = 0; k < classes; k++) {
                int label = k * names.size() / classes;
                Path classFolder = Files.createDirectories(target.resolve(names.get(label).replace(' ', '_')));
                List<Datum> images = Stream.concat(shapes.train().stream(), shapes.test().stream())
                        .filter(d -> d.label() == label).limit(perClass).toList();
                for (int i = 0; i < images.size(); i++) {
                    Files.copy(images.get(i).impath(), classFolder.resolve("%02d.png".formatted(i)),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the example folder " + target, e);
        }
        return target;
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        } catch (IOException e) {
            throw new KitException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
