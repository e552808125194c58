package org.commakit.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.commakit.KitException;
import org.commakit.train.Method;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * The tables of a main-job run on the mini world, recorded in the library (docs/mini-world.md#what-the-mini-world-shows),
 * so that a chapter shows the numbers of the whole run (every dataset, seeds 1-3) beside the small part it runs
 * itself. Each run is a folder of resources, {@code org/commakit/mini/runs/<id>/}: the {@code tables/*.csv} that
 * {@code ./kit reproduce} wrote, copied unchanged, and {@code run.properties} (the command, the MiniCLIP, the world's
 * generator version, the CPU time it took). Nothing here computes a number; {@link #report()} reads what the run
 * wrote.
 *
 * @param id the run's folder name
 * @param about {@code run.properties}: at least {@code command}, {@code clip}, {@code generator}
 * @param report the run's tables (null where the run has none)
 */
public record RecordedRun(String id, Map<String, String> about, ReproduceReport report) {

    private static final String ROOT = "/org/commakit/mini/runs/";

    /** The ids of the recorded runs, in the order of {@code runs.txt}. */
    public static List<String> ids() {
        List<String> ids = new ArrayList<>();
        try (InputStream in = RecordedRun.class.getResourceAsStream(ROOT + "runs.txt")) {
            if (in == null) {
                return ids;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    ids.add(line.strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ids;
    }

    /** The recorded run {@code id}; an unknown id names the recorded ones. */
    public static RecordedRun load(String id) {
        if (!ids().contains(id)) {
            throw new KitException("no recorded mini-world run '" + id + "'; the library records " + ids());
        }
        Properties p = new Properties();
        try (InputStream in = resource(id, "run.properties")) {
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> about = new LinkedHashMap<>();
        p.stringPropertyNames().stream().sorted().forEach(k -> about.put(k, p.getProperty(k)));
        Table b2n = table(id, "base2new");
        Table xd = table(id, "xd");
        Table dg = table(id, "dg");
        return new RecordedRun(id, about, new ReproduceReport(b2n, xd, dg, null, null, null, methods(b2n, xd, dg)));
    }

    /** The stories of this run (read from its tables, as {@link Stories#table}). */
    public Table stories() {
        Table t = Stories.table(report);
        t.setName("The papers' stories, recorded run " + id);
        return t;
    }

    /**
     * The run's prompts tested side by side ({@link PromptSides}, {@code ./kit sides --protocol PROTOCOL --csv}) as
     * recorded in {@code tables/sides-<protocol>.csv}: {@code protocol} is xd or base2new.
     */
    public Table sides(String protocol) {
        Table t = csv(id, "sides-" + protocol, protocol + " prompts by side, recorded run " + id,
                List.of("dataset", "role", "method"));
        if (t == null) {
            throw new KitException("the recorded run " + id + " has no sides-" + protocol + ".csv (recorded: "
                    + "./kit sides --protocol xd or base2new); runs with one: " + ids().stream()
                    .filter(r -> RecordedRun.class.getResource(ROOT + r + "/tables/sides-" + protocol + ".csv")
                            != null).toList());
        }
        for (int c = 3; c < t.columnCount(); c++) {
            t.doubleColumn(c).setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(
                    t.column(c).name().equals("image drift") ? 4 : 2));
        }
        return t;
    }

    private static InputStream resource(String id, String file) {
        InputStream in = RecordedRun.class.getResourceAsStream(ROOT + id + "/" + file);
        if (in == null) {
            throw new IllegalStateException("the recorded run " + id + " has no " + file);
        }
        return in;
    }

    private static Table table(String id, String name) {
        return csv(id, name, TITLES.get(name) + ", recorded run " + id, List.of("Dataset", "Method"));
    }

    // tables/<file>.csv of run id, its text columns named, every other column a number; null when absent
    private static Table csv(String id, String file, String caption, List<String> textColumns) {
        InputStream in = RecordedRun.class.getResourceAsStream(ROOT + id + "/tables/" + file + ".csv");
        if (in == null) {
            return null;
        }
        try (in) {
            return Table.read().usingOptions(CsvReadOptions.builder(in).tableName(caption).columnTypes(
                    header -> textColumns.contains(header) ? ColumnType.STRING : ColumnType.DOUBLE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Map<String, String> TITLES = Map.of("base2new", "Base-to-new generalization",
            "xd", "Cross-dataset transfer", "dg", "Domain generalization");

    /** The methods of the tables, in column (base-to-new) or row (xd, dg) order. */
    private static List<Method> methods(Table b2n, Table xd, Table dg) {
        List<Method> out = new ArrayList<>();
        if (b2n != null) {
            for (String c : b2n.columnNames()) {
                if (c.endsWith(" Base")) {
                    add(out, c.substring(0, c.length() - " Base".length()));
                }
            }
        }
        for (Table t : new Table[] {xd, dg}) {
            if (t != null) {
                for (int r = 0; r < t.rowCount(); r++) {
                    add(out, t.stringColumn(0).get(r));
                }
            }
        }
        return out;
    }

    private static void add(List<Method> out, String id) {
        Method m = Method.of(id);
        if (!out.contains(m)) {
            out.add(m);
        }
    }
}
