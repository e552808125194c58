package org.commakit.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.commakit.train.Method;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The three stories the papers tell with their tables, checked on a run's tables (docs/mini-world.md#the-stories):
 *
 * <ol type="a">
 *   <li>every trained method beats zero-shot CLIP on the base classes (Average row), and CoOp loses most on the new
 *       classes (it loses, below zero-shot, and more than any other learner: a CoOp that gains least does not lose);
 *   <li>CoCoOp, MaPLe and COMMA keep new-class accuracy closer to zero-shot than CoOp, and their HM is above CoOp's;
 *   <li>every trained method beats zero-shot on the source of the cross-dataset benchmark;
 *   <li>on the domain-generalization variants, MaPLe and COMMA are above zero-shot on average;
 *   <li>on the cross-dataset targets, CoOp is the lowest of the trained methods (Average column).
 * </ol>
 *
 * A story is checked only when its table and every method it names are in the report; otherwise its row says what
 * is missing. Nothing here changes a number: it reads the tables {@link Reproduce#report} made.
 */
public final class Stories {
    private Stories() {}

    /** One story: its letter, its claim, what the tables show, and whether the claim holds ("yes", "no", "n/a"). */
    public record Story(String id, String claim, String measured, String holds) {}

    /** The five stories of {@code report}, in order. */
    public static List<Story> of(ReproduceReport report) {
        List<Story> out = new ArrayList<>();
        out.add(checked(0, () -> baseGainAndCoOpNewLoss(report.baseToNew())));
        out.add(checked(1, () -> newKeptAndHmAboveCoOp(report.baseToNew())));
        out.add(checked(2, () -> sourceGain(report.crossDataset())));
        out.add(checked(3, () -> variantGain(report.domainGeneralization())));
        out.add(checked(4, () -> coopLowestOnTargets(report.crossDataset())));
        return out;
    }

    /** A cell a story needs is empty (a job not run yet). */
    private static final class MissingCell extends RuntimeException {
        MissingCell(String message) {
            super(message, null, false, false);
        }
    }

    private static Story checked(int index, java.util.function.Supplier<Story> story) {
        try {
            return story.get();
        } catch (MissingCell e) {
            return new Story(String.valueOf((char) ('a' + index)), CLAIMS.get(index), e.getMessage(), "n/a");
        }
    }

    /** The stories as a table: story, claim, measured, holds. */
    public static Table table(ReproduceReport report) {
        List<Story> stories = of(report);
        return Table.create("The papers' stories on this run",
                StringColumn.create("story", stories.stream().map(Story::id).toList()),
                StringColumn.create("claim", stories.stream().map(Story::claim).toList()),
                StringColumn.create("measured", stories.stream().map(Story::measured).toList()),
                StringColumn.create("holds", stories.stream().map(Story::holds).toList()));
    }

    /** The claims of stories a to e. */
    public static final List<String> CLAIMS = List.of(
            "every trained method beats zero-shot on base (Average), and CoOp loses most on new",
            "CoCoOp, MaPLe and COMMA keep new closer to zero-shot than CoOp, and their HM is above CoOp's",
            "every trained method beats zero-shot on the cross-dataset source",
            "on the domain-generalization variants, MaPLe and COMMA are above zero-shot on average",
            "on the cross-dataset targets, CoOp is the lowest of the trained methods");

    private static final Method ZS = Method.ZERO_SHOT_CLIP;
    private static final List<Method> LEARNERS = List.of(Method.COOP, Method.COCOOP, Method.MAPLE, Method.COMMA);

    private static Story baseGainAndCoOpNewLoss(Table b2n) {
        String claim = CLAIMS.get(0);
        String missing = missing(b2n, "base-to-new", LEARNERS, true);
        if (missing != null) {
            return new Story("a", claim, missing, "n/a");
        }
        double zsBase = b2nAverage(b2n, ZS, "Base");
        double zsNew = b2nAverage(b2n, ZS, "New");
        boolean baseGain = true;
        Method mostNewLoss = null;
        double lowest = Double.POSITIVE_INFINITY;
        StringBuilder m = new StringBuilder();
        for (Method l : LEARNERS) {
            double base = b2nAverage(b2n, l, "Base") - zsBase;
            double nw = b2nAverage(b2n, l, "New") - zsNew;
            baseGain &= base > 0;
            if (nw < lowest) {
                lowest = nw;
                mostNewLoss = l;
            }
            m.append(String.format(Locale.ROOT, "%s base %+.2f new %+.2f; ", l.id(), base, nw));
        }
        return new Story("a", claim, m.append("vs zero-shot").toString(),
                yes(baseGain && mostNewLoss == Method.COOP && lowest < 0));
    }

    private static Story newKeptAndHmAboveCoOp(Table b2n) {
        String claim = CLAIMS.get(1);
        String missing = missing(b2n, "base-to-new", LEARNERS, true);
        if (missing != null) {
            return new Story("b", claim, missing, "n/a");
        }
        double zsNew = b2nAverage(b2n, ZS, "New");
        double coopGap = Math.abs(b2nAverage(b2n, Method.COOP, "New") - zsNew);
        double coopHm = b2nAverage(b2n, Method.COOP, "HM");
        boolean holds = true;
        StringBuilder m = new StringBuilder(String.format(Locale.ROOT, "CoOp |new - zs| %.2f HM %.2f; ", coopGap,
                coopHm));
        for (Method l : List.of(Method.COCOOP, Method.MAPLE, Method.COMMA)) {
            double gap = Math.abs(b2nAverage(b2n, l, "New") - zsNew);
            double hm = b2nAverage(b2n, l, "HM");
            holds &= gap < coopGap && hm > coopHm;
            m.append(String.format(Locale.ROOT, "%s %.2f HM %.2f; ", l.id(), gap, hm));
        }
        return new Story("b", claim, trim(m), yes(holds));
    }

    private static Story sourceGain(Table xd) {
        String missing = missing(xd, "cross-dataset", LEARNERS, false);
        if (missing != null) {
            return new Story("c", CLAIMS.get(2), missing, "n/a");
        }
        String source = xd.columnNames().get(1);
        StringBuilder m = new StringBuilder();
        Map<Method, Double> gain = againstZeroShot(xd, source, source, m);
        return new Story("c", CLAIMS.get(2), m.toString(), yes(gain.values().stream().allMatch(d -> d > 0)));
    }

    private static Story variantGain(Table dg) {
        String missing = missing(dg, "domain-generalization", List.of(Method.MAPLE, Method.COMMA), false);
        if (missing != null) {
            return new Story("d", CLAIMS.get(3), missing, "n/a");
        }
        StringBuilder m = new StringBuilder();
        Map<Method, Double> gain = againstZeroShot(dg, "Average", "variants' average", m);
        return new Story("d", CLAIMS.get(3), m.toString(),
                yes(gain.get(Method.MAPLE) > 0 && gain.get(Method.COMMA) > 0));
    }

    private static Story coopLowestOnTargets(Table xd) {
        String missing = missing(xd, "cross-dataset", LEARNERS, false);
        if (missing != null) {
            return new Story("e", CLAIMS.get(4), missing, "n/a");
        }
        StringBuilder m = new StringBuilder();
        Map<Method, Double> gain = againstZeroShot(xd, "Average", "targets' average", m);
        double coop = gain.get(Method.COOP);
        return new Story("e", CLAIMS.get(4), m.toString(), yes(gain.entrySet().stream()
                .allMatch(e -> e.getKey() == Method.COOP || coop < e.getValue())));
    }

    /**
     * Each learner's {@code column} minus zero-shot CLIP's, for the learners with a row in {@code t}; writes
     * "label: zero-shot z; CoOp +d; ..." into {@code measured}.
     */
    private static Map<Method, Double> againstZeroShot(Table t, String column, String label, StringBuilder measured) {
        double zs = row(t, ZS, column);
        measured.append(String.format(Locale.ROOT, "%s: zero-shot %.2f", label, zs));
        Map<Method, Double> out = new java.util.EnumMap<>(Method.class);
        for (Method l : LEARNERS) {
            if (hasRow(t, l)) {
                out.put(l, row(t, l, column) - zs);
                measured.append(String.format(Locale.ROOT, "; %s %+.2f", l.id(), out.get(l)));
            }
        }
        return out;
    }

    /** What keeps a story from being checked, or null. */
    private static String missing(Table t, String protocol, List<Method> methods, boolean columns) {
        if (t == null) {
            return "no " + protocol + " table in this run";
        }
        List<Method> needed = new ArrayList<>(List.of(ZS));
        needed.addAll(methods);
        List<String> absent = new ArrayList<>();
        for (Method m : needed) {
            if (columns ? !t.columnNames().contains(m.id() + " Base") : !hasRow(t, m)) {
                absent.add(m.id());
            }
        }
        return absent.isEmpty() ? null : "the " + protocol + " table has no " + String.join(", ", absent);
    }

    private static double b2nAverage(Table b2n, Method m, String metric) {
        return cell(b2n, rowIndex(b2n, "Average"), m.id() + " " + metric, m.id() + "'s Average " + metric);
    }

    private static boolean hasRow(Table t, Method m) {
        return rowIndex(t, m.id()) >= 0;
    }

    private static double row(Table t, Method m, String column) {
        return cell(t, rowIndex(t, m.id()), column, m.id() + "'s " + column);
    }

    private static double cell(Table t, int row, String column, String what) {
        Object v = row < 0 || !t.columnNames().contains(column) ? null : t.column(column).get(row);
        double d = v instanceof Number n ? n.doubleValue() : Double.NaN;
        if (Double.isNaN(d)) {
            throw new MissingCell(what + " is empty (jobs not run yet)");
        }
        return d;
    }

    private static int rowIndex(Table t, String first) {
        for (int r = 0; r < t.rowCount(); r++) {
            if (first.equals(String.valueOf(t.column(0).get(r)))) {
                return r;
            }
        }
        return -1;
    }

    private static String yes(boolean b) {
        return b ? "yes" : "no";
    }

    private static String trim(StringBuilder m) {
        return m.substring(0, m.length() - 2);
    }
}
