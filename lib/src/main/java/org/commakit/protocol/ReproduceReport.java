package org.commakit.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** The tables as text, two decimals, as {@link ResultTables#pretty}. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        tables().values().forEach(t -> sb.append(ResultTables.pretty(t)).append(System.lineSeparator())
                .append(System.lineSeparator()));
        return sb.toString();
    }

    /**
     * Writes {@code tables/<name>.csv} under {@code folder}. Each file is written beside its place and renamed over
     * it, so shards finishing together never leave a mixed file.
     */
    public List<Path> write(Path folder) {
        List<Path> files = new ArrayList<>();
        try {
            for (Map.Entry<String, Table> t : tables().entrySet()) {
                Path file = folder.resolve("tables").resolve(t.getKey() + ".csv");
                Files.createDirectories(file.getParent());
                Path tmp = Files.createTempFile(file.getParent(), t.getKey(), ".tmp");
                try {
                    ResultTables.writeCsv(t.getValue(), tmp);
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
                files.add(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the tables under " + folder + ": " + e.getMessage(), e);
        }
        return files;
    }
}
