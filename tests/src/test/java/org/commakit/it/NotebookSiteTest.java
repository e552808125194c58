package org.commakit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * {@code ./kit notebook --html DIR}'s site builder ({@code environment/notebook_site.py}) on the smoke chapter: an
 * index that links every page it wrote, each page with its executed outputs and an offline figure, and no link to a
 * page or notebook that is not there. The whole course is built by hand ({@code ./kit notebook --html DIR}): every
 * chapter's execution is already tested by NotebooksTest.
 */
class NotebookSiteTest {
    private static final Path OUT = NotebookRunner.ROOT.resolve("tests/target/site");
    private static final Pattern LOCAL_LINK = Pattern.compile("href=\"([^\":#]+\\.(?:html|ipynb))(?:#[^\"]*)?\"");

    @Test
    void theSiteHasAnIndexAndAPagePerChapterWithItsFiguresAndNoBrokenLinks() throws Exception {
        String python = NotebookRunner.requireJupyter();
        NotebookRunner.writeKernelSpec();
        ProcessBuilder builder = new ProcessBuilder(python, "environment/notebook_site.py", "notebooks", OUT.toString(),
                "--only", "00_*.ipynb").directory(NotebookRunner.ROOT.toFile()).redirectErrorStream(true);
        builder.environment().put("JUPYTER_PATH", NotebookRunner.JUPYTER_DIR.toString());
        builder.environment().put("JUPYTER_RUNTIME_DIR", NotebookRunner.JUPYTER_DIR.resolve("runtime").toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(10, TimeUnit.MINUTES), "the site builder did not finish");
        assertEquals(0, process.exitValue(), output);

        String index = Files.readString(OUT.resolve("index.html"));
        List<String> linked = links(index);
        assertEquals(List.of("00_kernel_smoke.html"), linked, "the index links the chapters it built");
        String page = Files.readString(OUT.resolve("00_kernel_smoke.html"));
        assertTrue(page.contains("<caption>square roots</caption>"), "the page lacks the chapter's table");
        assertTrue(page.contains("Plotly.newPlot(") && page.contains("plotly.js v2.35.3")
                && !page.contains("<script src=\"http"), "the page's figure is not drawn offline");
        assertTrue(page.contains("href=\"index.html\""), "the page does not link back to the index");
        for (String link : links(page)) {
            assertTrue(Files.isRegularFile(OUT.resolve(link)), "00_kernel_smoke.html links a missing " + link);
        }
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
