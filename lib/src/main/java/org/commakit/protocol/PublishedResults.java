package org.commakit.protocol;

import org.commakit.train.Method;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The published numbers the kit compares against ({@code published_results.csv}, docs/official-code-notes.md#published-numbers), with their
 * provenance. The bundled copy holds only the base-to-new Average rows; per-dataset, cross-dataset and
 * domain-generalization numbers could not be read and are absent. A user with the papers adds rows to a copy of the
 * file and reads it with {@link #read(Path)}: columns {@code method,protocol,dataset,base,new,hm,epochs,source}, plus an
 * optional {@code accuracy} column for xd and dg cells. Dataset names may be the kit's ({@code OxfordFlowers}) or the
 * papers' short forms ({@code Flowers102}, {@code DTD}, ...).
 */
public final class PublishedResults {

    /** The bundled file's resource name, next to this class. */
    public static final String RESOURCE = "published_results.csv";

    private static final List<String> REQUIRED = List.of("method", "protocol", "dataset", "base", "new", "hm",
            "epochs", "source");

    /** Paper spellings of dataset names, normalised (lower case, letters and digits only), to the kit's names. */
    private static final Map<String, String> ALIASES = Map.of(
            "flowers102", "oxfordflowers",
            "flowers", "oxfordflowers",
            "dtd", "describabletextures",
            "aircraft", "fgvcaircraft",
            "pets", "oxfordpets",
            "cars", "stanfordcars",
            "imagenets", "imagenetsketch",
            "ucf", "ucf101");

    private final List<PublishedResult> rows;

    private PublishedResults(List<PublishedResult> rows) {
        this.rows = List.copyOf(rows);
    }

    /** The bundled copy of {@code published_results.csv}. */
    public static PublishedResults load() {
        try (InputStream in = PublishedResults.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The resource org/commakit/protocol/" + RESOURCE + " is missing from "
                        + "the classpath; rebuild comma-lib.");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A user's copy with more rows (e.g. filled from the papers' PDFs). */
    public static PublishedResults read(Path csv) throws IOException {
        return parse(Files.readString(csv, StandardCharsets.UTF_8), csv.toString());
    }

    /** All rows, in file order. */
    public List<PublishedResult> all() {
        return rows;
    }

    /** The row for a method (by {@link Method#publishedName()}), a protocol and a dataset name or "Average". */
    public Optional<PublishedResult> find(Method method, Protocol protocol, String dataset) {
        String wanted = normalise(dataset);
        return rows.stream()
                .filter(r -> r.method().equals(method.publishedName()) && r.protocol().equals(protocol.id())
                        && normalise(r.dataset()).equals(wanted))
                .findFirst();
    }

    /** The rows as a Tablesaw table; empty cells are missing values. */
    public Table asTable() {
        StringColumn method = StringColumn.create("method");
        StringColumn protocol = StringColumn.create("protocol");
        StringColumn dataset = StringColumn.create("dataset");
        DoubleColumn base = DoubleColumn.create("base");
        DoubleColumn novel = DoubleColumn.create("new");
        DoubleColumn hm = DoubleColumn.create("hm");
        DoubleColumn accuracy = DoubleColumn.create("accuracy");
        IntColumn epochs = IntColumn.create("epochs");
        StringColumn source = StringColumn.create("source");
        for (PublishedResult r : rows) {
            method.append(r.method());
            protocol.append(r.protocol());
            dataset.append(r.dataset());
            base.append(r.baseAccuracy().orElse(Double.NaN));
            novel.append(r.newAccuracy().orElse(Double.NaN));
            hm.append(r.harmonicMean().orElse(Double.NaN));
            accuracy.append(r.accuracy().orElse(Double.NaN));
            if (r.epochs().isPresent()) {
                epochs.append(r.epochs().getAsInt());
            } else {
                epochs.appendMissing();
            }
            source.append(r.source());
        }
        return Table.create("Published results", method, protocol, dataset, base, novel, hm, accuracy, epochs, source);
    }

    private static PublishedResults parse(String text, String where) {
        List<String> lines = text.lines().toList();
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(where + " is empty; expected the header " + String.join(",", REQUIRED)
                    + "[,accuracy].");
        }
        List<String> header = Csv.parse(lines.get(0), where + ":1");
        for (String column : REQUIRED) {
            if (!header.contains(column)) {
                throw new IllegalArgumentException(where + " has no '" + column + "' column; its header is " + header
                        + ", expected " + String.join(",", REQUIRED) + "[,accuracy].");
            }
        }
        List<PublishedResult> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String at = where + ":" + (i + 1);
            List<String> f = Csv.parse(lines.get(i), at);
            if (f.size() != header.size()) {
                throw new IllegalArgumentException(at + " has " + f.size() + " fields, the header " + header.size()
                        + ": " + lines.get(i));
            }
            rows.add(new PublishedResult(text(f, header, "method", at), text(f, header, "protocol", at),
                    text(f, header, "dataset", at), number(f, header, "base", at), number(f, header, "new", at),
                    number(f, header, "hm", at), number(f, header, "accuracy", at), integer(f, header, at),
                    f.get(header.indexOf("source")).trim()));
        }
        return new PublishedResults(rows);
    }

    private static String text(List<String> f, List<String> header, String column, String at) {
        String value = f.get(header.indexOf(column)).trim();
        if (value.isEmpty()) {
            throw new IllegalArgumentException(at + ": the '" + column + "' cell is empty; every row needs a method, "
                    + "protocol and dataset.");
        }
        return value;
    }

    private static OptionalDouble number(List<String> f, List<String> header, String column, String at) {
        int index = header.indexOf(column);
        String value = index < 0 ? "" : f.get(index).trim();
        if (value.isEmpty()) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Double.parseDouble(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(at + ": '" + value + "' in column " + column + " is not a number; "
                    + "leave the cell empty when the number is unknown.", e);
        }
    }

    private static OptionalInt integer(List<String> f, List<String> header, String at) {
        String value = f.get(header.indexOf("epochs")).trim();
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(at + ": epochs '" + value + "' is not a whole number.", e);
        }
    }

    private static String normalise(String dataset) {
        String key = dataset.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return ALIASES.getOrDefault(key, key);
    }
}
