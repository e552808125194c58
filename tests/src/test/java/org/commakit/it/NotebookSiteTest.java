package org.commakit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code ./kit notebook --html DIR}'s site builder ({@code environment/notebook_site.py}) on the whole course, as a
 * teacher would publish it: an index that links a page per chapter and per solution, each page with its executed
 * outputs, every figure its chapter promises ({@link NotebooksTest#SHOWS}) drawn by the plotly.js inside the page
 * (offline), and no link to a page or notebook that is not there.
 */
class NotebookSiteTest {
    private static final Path OUT = NotebookRunner.ROOT.resolve("tests/target/site");
    private static final Pattern LOCAL_LINK = Pattern.compile("href=\"([^\":#]+\\.(?:html|ipynb))(?:#[^\"]*)?\"");

    @Test
    void theSiteHasAnIndexAndAPagePerChapterWithItsFiguresAndNoBrokenLinks() throws Exception {
        String python = NotebookRunner.requireJupyter();
        NotebookRunner.writeKernelSpec();
        ProcessBuilder builder = new ProcessBuilder(python, "environment/notebook_site.py", "notebooks", OUT.toString())
                .directory(NotebookRunner.ROOT.toFile()).redirectErrorStream(true);
        builder.environment().put("JUPYTER_PATH", NotebookRunner.JUPYTER_DIR.toString());
        builder.environment().put("JUPYTER_RUNTIME_DIR", NotebookRunner.JUPYTER_DIR.resolve("runtime").toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(20, TimeUnit.MINUTES), "the site builder did not finish");
        assertEquals(0, process.exitValue(), output);

        String index = Files.readString(OUT.resolve("index.html"));
        List<String> linked = links(index);
        List<String> chapters = NotebooksTest.SHOWS.keySet().stream().sorted()
                .map(n -> n.replace(".ipynb", ".html")).toList();
        assertTrue(linked.containsAll(chapters), "the index links " + linked + ", not every chapter " + chapters);
        for (String link : linked) {
            assertTrue(Files.isRegularFile(OUT.resolve(link)), "index.html links a missing " + link);
        }
        assertTrue(Files.readString(OUT.resolve("00_kernel_smoke.html")).contains("<caption>square roots</caption>"),
                "the smoke chapter's page lacks its table");
        for (String link : linked) {
            Path file = OUT.resolve(link);
            String page = Files.readString(file);
            assertTrue(page.contains("href=\"index.html\"") || page.contains("href=\"../index.html\""),
                    link + " does not link back to the index");
            assertFalse(page.contains("<script src=\"http"), link + " loads a script from the network");
            NotebooksTest.Shows shows = NotebooksTest.SHOWS.get(file.getFileName().toString().replace(".html",
                    ".ipynb"));
            if (shows != null) {
                for (String type : shows.traceTypes()) {
                    assertTrue(page.contains("plotly.js v2.35.3") && page.contains("type: '" + type + "'"),
                            link + " lacks its offline " + type + " figure");
                }
                for (NotebookTable table : shows.tables()) {
                    assertTrue(page.contains("<caption>" + escaped(table.caption()) + "</caption>"),
                            link + " lacks its table '" + table.caption() + "'");
                }
            }
            for (String target : links(page)) {
                assertTrue(Files.isRegularFile(file.resolveSibling(target)), link + " links a missing " + target);
            }
        }
    }

    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static List<String> links(String html) throws IOException {
        List<String> out = new ArrayList<>();
        // the links of the page itself, not strings inside its scripts (the inlined plotly.js holds a few)
        Matcher m = LOCAL_LINK.matcher(html.replaceAll("(?s)<script.*?</script>", ""));
        while (m.find()) {
            if (!m.group(1).contains("/") || m.group(1).startsWith("solutions")) {
                out.add(m.group(1));
            }
        }
        return out.stream().filter(l -> !l.equals("index.html")).distinct().toList();
    }
}
