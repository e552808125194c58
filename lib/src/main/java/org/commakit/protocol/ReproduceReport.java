package org.commakit.protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.commakit.KitException;
import org.commakit.train.Method;
import tech.tablesaw.api.Table;

/**
 * The tables of a results folder ({@link Reproduce#report}). A table is null when its protocol was not selected; the
 * tables beside the published numbers are null on the mini preset. {@code methods} are the tables' methods, in column
 * order. {@code ResultPlots.of(report)} draws them.
 */
public record ReproduceReport(Table baseToNew, Table crossDataset, Table domainGeneralization,
                              Table baseToNewBesidePublished, Table crossDatasetBesidePublished,
                              Table domainGeneralizationBesidePublished, List<Method> methods) {

    /** Every non-null table, by file name without extension, in print order. */
    public Map<String, Table> tables() {
        Map<String, Table> out = new LinkedHashMap<>();
        put(out, "base2new", baseToNew);
        put(out, "base2new-beside-published", baseToNewBesidePublished);
        put(out, "xd", crossDataset);
        put(out, "xd-beside-published", crossDatasetBesidePublished);
        put(out, "dg", domainGeneralization);
        put(out, "dg-beside-published", domainGeneralizationBesidePublished);
        return out;
    }

    private static void put(Map<String, Table> out, String name, Table table) {
        if (table != null) {
            out.put(name, table);
        }
    }

    /**
     * The papers' stories checked on these tables ({@link Stories}), or null when none can be checked (no story's
     * table and methods are all in this report).
     */
    public Table stories() {
        Table t = Stories.table(this);
        return t.stringColumn("holds").asList().stream().allMatch("n/a"::equals) ? null : t;
    }

    /** The tables as text, two decimals, as {@link ResultTables#pretty}. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        tables().values().forEach(t -> sb.append(ResultTables.pretty(t)).append(System.lineSeparator())
                .append(System.lineSeparator()));
        Table stories = stories();
        if (stories != null) {
            sb.append(ResultTables.pretty(stories)).append(System.lineSeparator()).append(System.lineSeparator());
        }
        for (Method m : methods) { // CTP-TFT: the kit's reading of a paper it could not read
            if (!m.label().equals(m.id())) {
                sb.append(m.id()).append(" = ").append(m.label()).append(System.lineSeparator());
            }
        }
        return sb.toString();
    }

    /**
     * Writes {@code tables/<name>.csv} under {@code folder}, and {@code tables/stories.csv} when a story can be
     * checked. Each file is written beside its place and renamed over
     * it, so shards finishing together never leave a mixed file.
     */
    public List<Path> write(Path folder) {
        List<Path> files = new ArrayList<>();
        Map<String, Table> all = new LinkedHashMap<>(tables());
        Table stories = stories();
        if (stories != null) {
            all.put("stories", stories);
        }
        for (Map.Entry<String, Table> t : all.entrySet()) {
            Path file = folder.resolve("tables").resolve(t.getKey() + ".csv");
            Path tmp = null;
            try {
                Files.createDirectories(file.getParent());
                tmp = Files.createTempFile(file.getParent(), t.getKey(), ".tmp");
                ResultTables.writeCsv(t.getValue(), tmp);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) { // Tablesaw's writer wraps its IOException unchecked
                IOException io = e instanceof IOException x ? x : e.getCause() instanceof IOException x ? x : null;
                if (io == null) {
                    throw (RuntimeException) e;
                }
                throw KitException.io("write the table " + file + " (the results are safe in "
                        + folder.resolve(ReproduceOptions.RESULTS) + "; the same command writes the tables again)",
                        io, "");
            } finally {
                deleteQuietly(tmp);
            }
            files.add(file);
        }
        return files;
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // swept at the next run's start (RunFolder)
            }
        }
    }
}
