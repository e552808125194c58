package org.commakit.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commakit.protocol.BesidePublished;
import org.commakit.protocol.HandMadeResults;
import org.commakit.protocol.Job;
import org.commakit.protocol.Phase;
import org.commakit.train.Method;
import org.commakit.protocol.ProtocolDatasets;
import org.commakit.protocol.PublishedResults;
import org.commakit.protocol.ReproduceReport;
import org.commakit.protocol.ResultRow;
import org.commakit.protocol.ResultTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

class ResultPlotsTest {

    private static final double EXACT = 1e-9;

    /** One bar trace as Plotly receives it. */
    private record Bars(String name, List<String> x, List<Double> y) {}

    private static final Pattern TRACE = Pattern.compile(
            "var trace\\d+ =\\s*\\{\\s*x: (\\[.*?\\]),\\s*y: (\\[.*?\\]),.*?type: 'bar',\\s*name: '(.*?)',",
            Pattern.DOTALL);

    /** The traces of the figure's generated JavaScript, in order (NaN, Plotly's gap, read back as null). */
    private static List<Bars> traces(Figure figure) {
        Gson gson = new Gson();
        Matcher m = TRACE.matcher(figure.asJavascript("plot"));
        List<Bars> traces = new ArrayList<>();
        while (m.find()) {
            String[] x = gson.fromJson(m.group(1), String[].class);
            Double[] y = gson.fromJson(m.group(2).replace("NaN", "null"), Double[].class);
            traces.add(new Bars(m.group(3), List.of(x), java.util.Arrays.asList(y)));
        }
        return traces;
    }

    private static Table baseToNew() {
        return ResultTables.baseToNew(HandMadeResults.rows(), HandMadeResults.DATASETS.baseToNew(),
                HandMadeResults.METHODS);
    }

    @Test
    void metricFigureHasABarPerMethodInEachDatasetGroup() {
        Figure f = ResultPlots.baseToNewMetric(baseToNew(), HandMadeResults.METHODS, "HM");
        List<Bars> t = traces(f);
        assertEquals(List.of("ZeroShotCLIP", "COMMA", "CoOp"), t.stream().map(Bars::name).toList());
        for (Bars b : t) {
            assertEquals(List.of("MiniA", "MiniB", "Average"), b.x());
        }
        assertEquals(11644.0 / 153, t.get(1).y().get(0), EXACT);
        assertEquals(11658.0 / 154, t.get(1).y().get(2), EXACT);
        assertEquals(8500.0 / 135, t.get(2).y().get(0), EXACT);
        assertEquals(null, t.get(2).y().get(1), "a missing result is a gap, not a zero bar");
        assertEquals("Base-to-new: HM per dataset", f.getLayout().getTitle());
        assertTrue(f.asJavascript("plot").contains("Accuracy (%)"));
    }

    @Test
    void methodFigureShowsBaseNewAndHm() {
        List<Bars> t = traces(ResultPlots.baseToNewOfMethod(baseToNew(), Method.COMMA));
        assertEquals(List.of("Base", "New", "HM"), t.stream().map(Bars::name).toList());
        assertEquals(List.of(82.0, 92.0, 87.0), t.get(0).y());
        assertEquals(List.of(71.0, 63.0, 67.0), t.get(1).y());
    }

    @Test
    void hmGainIsMeasuredAgainstZeroShotClipPerDataset() {
        List<Bars> t = traces(ResultPlots.hmGainOverZeroShot(baseToNew(), HandMadeResults.METHODS));
        assertEquals(List.of("COMMA", "CoOp"), t.stream().map(Bars::name).toList());
        assertEquals(11644.0 / 153 - 10500.0 / 145, t.get(0).y().get(0), EXACT);
        assertEquals(11592.0 / 155 - 9600.0 / 140, t.get(0).y().get(1), EXACT);
        assertEquals(11658.0 / 154 - 10075.0 / 142.5, t.get(0).y().get(2), EXACT);
        Table withoutZeroShot = ResultTables.baseToNew(HandMadeResults.rows(), List.of("MiniA"), List.of(Method.COMMA));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResultPlots.hmGainOverZeroShot(withoutZeroShot, List.of(Method.COMMA)));
        assertTrue(e.getMessage().contains("ZeroShotCLIP HM"), e.getMessage());
    }

    @Test
    void domainGeneralizationBarsCoverSourceVariantsAndAverage() {
        Table dg = ResultTables.domainGeneralization(HandMadeResults.rows(), HandMadeResults.DATASETS,
                HandMadeResults.METHODS);
        Figure f = ResultPlots.transfer(dg);
        List<Bars> t = traces(f);
        assertEquals(List.of("ZeroShotCLIP", "COMMA", "CoOp"), t.stream().map(Bars::name).toList());
        assertEquals(List.of("MiniSource", "MiniV1", "MiniV2", "Average"), t.get(1).x());
        assertEquals(List.of(61.0, 31.0, 20.0, 25.5), t.get(1).y());
        assertEquals("Domain generalization", f.getLayout().getTitle());
    }

    @Test
    void publishedVsKitComparesTheAverageRow() {
        Table overPaper = ResultTables.baseToNew(HandMadeResults.overPaperDatasets(),
                ProtocolDatasets.paper().baseToNew(), HandMadeResults.METHODS);
        Table beside = BesidePublished.baseToNew(overPaper, HandMadeResults.METHODS, PublishedResults.load());
        List<Bars> t = traces(ResultPlots.publishedVsKit(beside, "HM"));
        assertEquals(List.of("Kit", "Paper"), t.stream().map(Bars::name).toList());
        assertEquals(List.of("ZeroShotCLIP", "COMMA", "CoOp"), t.get(0).x());
        assertEquals(9100.0 / 135, t.get(0).y().get(0), EXACT);
        assertEquals(79.6875, t.get(0).y().get(1), EXACT);
        assertEquals(null, t.get(0).y().get(2), "the kit has no CoOp average");
        assertEquals(List.of(71.70, 79.04, 71.66), t.get(1).y());
    }

    @Test
    void ctpTftIsPlottedUnderItsLabelAndNeverBesideAPublishedNumber() {
        List<ResultRow> rows = new ArrayList<>();
        List<String> eleven = ProtocolDatasets.paper().baseToNew();
        List<Method> methods = List.of(Method.PRODA, Method.CTP_TFT);
        for (String d : eleven) {
            for (Method m : methods) {
                rows.add(ResultRow.trained(Job.baseToNew(m, d, 1, Phase.TRAIN_BASE), 9, 5, 16));
                rows.add(ResultRow.of(Job.baseToNew(m, d, 1, Phase.TEST_BASE), 80, 100, 1, 5, 16));
                rows.add(ResultRow.of(Job.baseToNew(m, d, 1, Phase.TEST_NEW), 70, 100, 1, 5, 16));
            }
        }
        Table table = ResultTables.baseToNew(rows, eleven, methods);
        List<Bars> hm = traces(ResultPlots.baseToNewMetric(table, methods, "HM"));
        assertEquals(List.of("ProDA", "CTP/TFT (provisional interpretation; paper text unavailable)"),
                hm.stream().map(Bars::name).toList());
        Table beside = BesidePublished.baseToNew(table, methods, PublishedResults.load());
        List<Bars> t = traces(ResultPlots.publishedVsKit(beside, "HM"));
        assertEquals(List.of("ProDA"), t.get(0).x(), "only methods with a published counterpart");
        assertEquals(List.of(76.65), t.get(1).y());
    }

    @Test
    void standardSetIsWrittenThroughTheGivenWriter(@TempDir Path dir) throws IOException {
        Table b2n = baseToNew();
        Table beside = BesidePublished.baseToNew(b2n, HandMadeResults.METHODS, PublishedResults.load());
        Table xd = ResultTables.crossDataset(HandMadeResults.rows(), HandMadeResults.DATASETS, HandMadeResults.METHODS);
        Table dg = ResultTables.domainGeneralization(HandMadeResults.rows(), HandMadeResults.DATASETS,
                HandMadeResults.METHODS);
        Map<String, Figure> figures = ResultPlots.standardSet(b2n, beside, xd, dg, HandMadeResults.METHODS);
        assertEquals(List.of("base2new-base", "base2new-new", "base2new-hm", "base2new-hm-gain",
                "base2new-average-vs-published", "xd", "dg"), List.copyOf(figures.keySet()));

        // a test page: the real writer inlines plotly.js where this one leaves a placeholder
        FigureWriter placeholderPage = (figure, file) -> Files.writeString(file, "<!DOCTYPE html><html><head><title>"
                + figure.getLayout().getTitle() + "</title><script src=\"PLOTLY_JS\"></script></head><body>"
                + "<div id=\"plot\"></div>" + figure.asJavascript("plot") + "</body></html>");
        List<Path> written = ResultPlots.writeAll(figures, dir.resolve("plots"), placeholderPage);
        assertEquals(7, written.size());
        String dgPage = Files.readString(dir.resolve("plots/dg.html"));
        assertTrue(dgPage.contains("<title>Domain generalization</title>"), dgPage);
        assertTrue(dgPage.contains("Plotly.newPlot(target_plot, data, layout)"), dgPage);
        assertTrue(dgPage.contains("name: 'COMMA'"), dgPage);
    }

    @Test
    void theMainJobsPagesShareOnePlotlyJsBesideThemAndWeighKilobytes(@TempDir Path dir) throws IOException {
        Table b2n = baseToNew();
        Table xd = ResultTables.crossDataset(HandMadeResults.rows(), HandMadeResults.DATASETS, HandMadeResults.METHODS);
        ReproduceReport report = new ReproduceReport(b2n, xd, null, null, null, null, HandMadeResults.METHODS);
        Path plots = dir.resolve("plots");
        List<Path> pages = ResultPlots.write(report, plots);
        assertEquals(5, pages.size(), pages.toString());
        Path library = plots.resolve(PlotlyHtml.LIBRARY_FILE);
        assertEquals(PlotlyHtml.plotlyJs(), Files.readString(library), "plotly.js " + PlotlyHtml.PLOTLY_JS_VERSION);
        try (var files = Files.list(plots)) {
            assertEquals(6, files.count(), "the pages and one library, no temporary file");
        }
        for (Path page : pages) {
            String html = Files.readString(page);
            assertTrue(html.length() < 100_000, page + " is " + html.length() + " characters");
            assertTrue(html.contains("<script type=\"text/javascript\" src=\"" + PlotlyHtml.LIBRARY_FILE
                    + "\"></script>"), "loads the library from its own folder: " + page);
            assertFalse(html.matches("(?s).*<script[^>]*src=[\"']?https?:.*"), "nothing from the network");
            assertTrue(html.contains("Plotly.newPlot("), page.toString());
        }
        // written again (a rerun): the library is kept, the pages replaced
        java.nio.file.attribute.FileTime before = Files.getLastModifiedTime(library);
        Files.setLastModifiedTime(library, java.nio.file.attribute.FileTime.fromMillis(1_000_000_000L));
        ResultPlots.write(report, plots);
        assertEquals(1_000_000_000L, Files.getLastModifiedTime(library).toMillis(), "same content: not rewritten");
        assertTrue(before.toMillis() > 1_000_000_000L);
    }
}
