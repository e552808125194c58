package org.commakit.data;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commakit.KitException;

/**
 * How the reference loaders derive labels and class names from a dataset's own files (docs/data-protocol.md#class-names). The split
 * files already store the cleaned names, so reading never needs these rules; {@code ./kit data check} uses them to
 * tell a split file that contradicts its dataset (a wrong download, an edited file).
 */
public final class ClassnameRules {
    private ClassnameRules() {}

    /** Caltech101 folders that are not classes. */
    public static final Set<String> CALTECH_IGNORED = Set.of("BACKGROUND_Google", "Faces_easy");

    /** Caltech101's {@code NEW_CNAMES}, applied after labelling (image paths keep the folder names). */
    public static final Map<String, String> CALTECH_NAMES = Map.of("airplanes", "airplane", "Faces", "face",
            "Leopards", "leopard", "Motorbikes", "motorbike");

    /** EuroSAT's {@code NEW_CNAMES}: folder → class name. */
    public static final Map<String, String> EUROSAT_NAMES = Map.of("AnnualCrop", "Annual Crop Land", "Forest",
            "Forest", "HerbaceousVegetation", "Herbaceous Vegetation Land", "Highway", "Highway or Road", "Industrial",
            "Industrial Buildings", "Pasture", "Pasture Land", "PermanentCrop", "Permanent Crop Land", "Residential",
            "Residential Buildings", "River", "River", "SeaLake", "Sea or Lake");

    private static final Pattern CAPITALISED_WORD = Pattern.compile("[A-Z][^A-Z]*");

    /** OxfordPets: the image stem without its trailing {@code _<n>}, lower-cased ("Abyssinian_1" → "abyssinian"). */
    public static String oxfordPets(String imageStem) {
        int cut = imageStem.lastIndexOf('_');
        return (cut < 0 ? "" : imageStem.substring(0, cut)).toLowerCase(Locale.ROOT); // "_".join(split("_")[:-1])
    }

    /** StanfordCars: the last word (the year) of cars_meta.mat's name moves to the front. */
    public static String stanfordCars(String metaName) {
        int cut = metaName.lastIndexOf(' ');
        return cut < 0 ? metaName : metaName.substring(cut + 1) + " " + metaName.substring(0, cut);
    }

    /** SUN397: a ClassName.txt line's parts after the letter folder, reversed ("/a/b_c/outdoor" → "outdoor b_c"). */
    public static String sun397(String classNameLine) {
        List<String> parts = new ArrayList<>(Arrays.asList(classNameLine.strip().substring(1).split("/")));
        parts.remove(0);
        Collections.reverse(parts);
        return String.join(" ", parts);
    }

    /** UCF101: {@code "_".join(re.findall("[A-Z][^A-Z]*", action))} ("ApplyEyeMakeup" → "Apply_Eye_Makeup"). */
    public static String ucf101(String action) {
        List<String> words = new ArrayList<>();
        Matcher m = CAPITALISED_WORD.matcher(action);
        while (m.find()) {
            words.add(m.group());
        }
        return String.join("_", words);
    }

    /**
     * The class names by label as {@code dataset}'s own files give them, or empty when those files are not there.
     * Only the JSON datasets have a rule here: the folder datasets (ImageNet and its variants, FGVCAircraft) take
     * their names from their files on every read, and StanfordCars' names are in MATLAB files the kit does not read.
     */
    public static Optional<List<String>> fromLayout(String dataset, Path datasetDir, Path imageRoot) {
        return switch (dataset) {
            case "Caltech101" -> folders(imageRoot).map(f -> f.stream().filter(n -> !CALTECH_IGNORED.contains(n))
                    .map(n -> CALTECH_NAMES.getOrDefault(n, n)).toList());
            case "Food101", "DescribableTextures" -> folders(imageRoot);
            case "EuroSAT" -> folders(imageRoot).map(f -> f.stream().map(n -> EUROSAT_NAMES.getOrDefault(n, n))
                    .toList());
            case "OxfordPets" -> numberedLines(datasetDir.resolve("annotations/trainval.txt"), 1, 0,
                    ClassnameRules::oxfordPets);
            case "UCF101" -> numberedLines(datasetDir.resolve("ucfTrainTestlist/classInd.txt"), 0, 1,
                    ClassnameRules::ucf101);
            case "SUN397" -> lines(datasetDir.resolve("ClassName.txt"))
                    .map(l -> l.stream().map(ClassnameRules::sun397).toList());
            case "OxfordFlowers" -> catToName(datasetDir.resolve("cat_to_name.json"));
            default -> Optional.empty();
        };
    }

    /**
     * The first label whose name differs between the split file ({@code fromSplit}) and the dataset's files, as a
     * sentence; empty when they agree.
     */
    public static Optional<String> disagreement(List<String> fromSplit, List<String> fromLayout) {
        for (int label = 0; label < Math.max(fromSplit.size(), fromLayout.size()); label++) {
            String a = label < fromLayout.size() ? "\"" + fromLayout.get(label) + "\"" : "nothing";
            String b = label < fromSplit.size() ? "\"" + fromSplit.get(label) + "\"" : "nothing";
            if (!a.equals(b)) {
                return Optional.of("label " + label + ": dataset files say " + a + ", the split file " + b);
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> folders(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        return Optional.of(FolderDatasets.list(dir).stream().filter(n -> Files.isDirectory(dir.resolve(n))).toList());
    }

    private static Optional<List<String>> lines(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllLines(file).stream().map(String::strip).filter(s -> !s.isEmpty())
                    .toList());
        } catch (IOException e) {
            throw new KitException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Lines "... <1-based label> ..." (column {@code labelCol}); the name comes from column {@code nameCol}. */
    private static Optional<List<String>> numberedLines(Path file, int labelCol, int nameCol,
            UnaryOperator<String> rule) {
        return lines(file).map(all -> {
            TreeMap<Integer, String> byLabel = new TreeMap<>();
            for (String line : all) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\\s+");
                if (cols.length <= Math.max(labelCol, nameCol) || !cols[labelCol].matches("[0-9]+")) {
                    throw new KitException(file + ": the line \"" + line + "\" does not have a class number in "
                            + "column " + (labelCol + 1) + ".");
                }
                byLabel.putIfAbsent(Integer.parseInt(cols[labelCol]) - 1, rule.apply(cols[nameCol]));
            }
            return List.copyOf(byLabel.values());
        });
    }

    /** Flowers102: label l is named {@code cat_to_name.json[str(l + 1)]}. */
    private static Optional<List<String>> catToName(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonObject names;
        try {
            names = new Gson().fromJson(Files.readString(file), JsonElement.class).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            throw new KitException(file + " is not a JSON object {\"1\": \"pink primrose\", ...} (" + e.getMessage()
                    + ").", e);
        }
        List<String> out = new ArrayList<>();
        for (int label = 0; label < names.size(); label++) {
            JsonElement name = names.get(String.valueOf(label + 1));
            if (name == null) {
                throw new KitException(file + " has no entry \"" + (label + 1) + "\"; its keys must be 1.."
                        + names.size() + ".");
            }
            out.add(name.getAsString());
        }
        return Optional.of(out);
    }
}
