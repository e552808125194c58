package org.commakit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The course as a student sees it: a real Jupyter notebook server (classic notebook, started here on 127.0.0.1 with a
 * random port and token, the kit's kernel from this build) and a real browser (Debian's headless chromium through
 * chromedriver, with every host but 127.0.0.1 unresolvable, so the page works offline). Chapters 00 and 01 are run
 * through the UI's Cell &gt; Run All; the test then reads the page: no error output, each chapter's tables as HTML
 * tables with their captions, the Plotly figure drawn (an SVG with the trace's marks inside the figure's div). A
 * screenshot of each chapter goes to {@code tests/target/browser/}. Last, a long cell is interrupted from the Kernel
 * menu and the same kernel answers the next cell.
 *
 * <p>{@code environment/install.sh --ui --browser} (run by {@code ./kit test}) installs jupyter-notebook, chromium and
 * chromium-driver. The test skips only where they are missing and there is no apt-get to install them; where apt-get
 * exists it fails with the install command instead.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserCourseTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path OUT = NotebookRunner.ROOT.resolve("tests/target/browser");
    private static final Duration CHAPTER_TIMEOUT = Duration.ofMinutes(15);

    private static Process server;
    private static ChromeDriver driver;
    private static String base;
    private static String token;

    @BeforeAll
    static void startJupyterAndChromium() throws Exception {
        String python = NotebookRunner.requireJupyter();
        List<String> missing = new java.util.ArrayList<>();
        if (!Files.isExecutable(CHROMIUM)) {
            missing.add(CHROMIUM + " (Debian package chromium)");
        }
        if (!Files.isExecutable(CHROMEDRIVER)) {
            missing.add(CHROMEDRIVER + " (Debian package chromium-driver)");
        }
        if (!hasModule(python, "notebook")) {
            missing.add("the notebook UI for " + python + " (Debian package jupyter-notebook)");
        }
        if (!missing.isEmpty()) {
            boolean aptGet = Files.isExecutable(Path.of("/usr/bin/apt-get"));
            Assumptions.assumeTrue(aptGet, "BrowserCourseTest skipped: no apt-get on this machine to install "
                    + String.join(", ", missing));
            fail("missing " + String.join(", ", missing) + ": run environment/install.sh --ui --browser");
        }

        // The chapters (and the imports file they load) run from copies: the notebook UI autosaves, and the
        // repository's notebooks stay output-free.
        Path course = OUT.resolve("notebooks");
        Files.createDirectories(course);
        for (String file : List.of("00_kernel_smoke.ipynb", "01_clip_zero_shot.ipynb", "imports.jsh")) {
            Files.copy(NotebookRunner.ROOT.resolve("notebooks").resolve(file), course.resolve(file),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        NotebookRunner.writeKernelSpec();
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        token = HexFormat.of().formatHex(secret);
        base = "http://127.0.0.1:" + port;
        ProcessBuilder builder = new ProcessBuilder(python, "-m", "notebook", "--no-browser", "--ip=127.0.0.1",
                "--port=" + port, "--port-retries=0", "--allow-root", "--notebook-dir=" + course,
                "--NotebookApp.token=" + token, "--MappingKernelManager.default_kernel_name=comma-kit")
                .redirectErrorStream(true).redirectOutput(OUT.resolve("jupyter.log").toFile());
        builder.environment().put("JUPYTER_PATH", NotebookRunner.JUPYTER_DIR.toString());
        builder.environment().put("JUPYTER_RUNTIME_DIR", NotebookRunner.JUPYTER_DIR.resolve("runtime").toString());
        builder.environment().put("JUPYTER_CONFIG_DIR", OUT.resolve("jupyter-config").toString());
        server = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!serves(base + "/api/kernelspecs?token=" + token)) {
            if (!server.isAlive() || System.nanoTime() > deadline) {
                fail("Jupyter did not serve on " + base + "; log:\n" + Files.readString(OUT.resolve("jupyter.log")));
            }
            Thread.sleep(200);
        }

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--window-size=1400,1800", "--user-data-dir=" + Files.createTempDirectory("chromium"),
                // offline: only the test's own server resolves, so an inline plotly.js is the only one that can draw
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.destroy(); // SIGTERM: the notebook server shuts its kernels down and exits
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    @Test
    @Order(1)
    void chapter00ShowsItsValueTableAndDrawnFigure() throws IOException {
        runAllThroughTheUi("00_kernel_smoke.ipynb");
        assertNoErrorOutput("00_kernel_smoke.ipynb");
        assertTables(List.of("square roots"));
        assertTrue(pageText().contains("42"), "the value 42 is not on the page");
        assertFigureDrawn(".scatterlayer .trace path.js-line");
        screenshot("00_kernel_smoke");
    }

    @Test
    @Order(2)
    void chapter01ShowsItsTablesAndDrawnHeatmap() throws IOException {
        runAllThroughTheUi("01_clip_zero_shot.ipynb");
        assertNoErrorOutput("01_clip_zero_shot.ipynb");
        assertTables(List.of("CLIP of the mini preset", "tokens of the prompt", "top-3 classes of single test images",
                "zero-shot top-1 on MiniShapes (300 test images)"));
        assertFigureDrawn(".heatmaplayer image");
        screenshot("01_clip_zero_shot");
    }

    @Test
    @Order(3)
    void anInterruptedLongCellLeavesTheKernelAlive() throws IOException {
        try {
            interruptALongCell();
        } finally {
            screenshot("interrupt");
        }
    }

    private static void interruptALongCell() {
        runAllThroughTheUi("00_kernel_smoke.ipynb");
        WebElement sleeper = appendCell("for (int s = 0; s < 600; s++) { Thread.sleep(1000); }");
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> promptOf(sleeper).contains("*")
                && !d.findElements(By.cssSelector("#kernel_indicator_icon.kernel_busy_icon")).isEmpty());
        long start = System.nanoTime();
        driver.findElement(By.id("kernellink")).click();
        driver.findElement(By.id("int_kernel")).click();
        waitIdle(Duration.ofSeconds(60));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60), "the interrupt did not stop the cell");
        assertTrue(sleeper.getText().contains("InterruptedException"), "the interrupted cell shows: "
                + sleeper.getText());

        // the same kernel (not a restarted one): the first cell's variable is still there
        WebElement after = appendCell("answer + 1");
        waitIdle(Duration.ofSeconds(60));
        assertEquals("43", after.findElement(By.cssSelector(".output_area .output_subarea")).getText().strip());
    }

    /** Opens a chapter, waits for its kernel, and runs Cell &gt; Run All from the menu bar. */
    private static void runAllThroughTheUi(String chapter) {
        // leaving a changed notebook asks "leave the page?"; the outputs are not needed again
        js("window.onbeforeunload = null; if (window.Jupyter && Jupyter.notebook) Jupyter.notebook.set_dirty(false);");
        driver.get(base + "/notebooks/" + chapter + "?token=" + token);
        new WebDriverWait(driver, Duration.ofSeconds(120)).until(d -> Boolean.TRUE.equals(js(
                "return !!(window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel"
                        + " && Jupyter.notebook.kernel.is_connected()"
                        + " && Jupyter.notebook.kernel.name === 'comma-kit')"))
                && !d.findElements(By.cssSelector("#kernel_indicator_icon.kernel_idle_icon")).isEmpty());
        driver.findElement(By.id("celllink")).click();
        driver.findElement(By.id("run_all_cells")).click();
        waitIdle(CHAPTER_TIMEOUT);
    }

    /** Idle as a student sees it: the kernel indicator idle, no cell running, every code cell numbered. */
    private static void waitIdle(Duration timeout) {
        new WebDriverWait(driver, timeout, Duration.ofMillis(500)).until(d ->
                !d.findElements(By.cssSelector("#kernel_indicator_icon.kernel_idle_icon")).isEmpty()
                        && d.findElements(By.cssSelector(".cell.running")).isEmpty()
                        && d.findElements(By.cssSelector(".code_cell .input_prompt")).stream()
                        .map(WebElement::getText).allMatch(p -> p.matches("(?s)In[\\s\\u00a0]*\\[\\d+\\]:.*")));
    }

    private static WebElement appendCell(String code) {
        List<WebElement> cells = driver.findElements(By.cssSelector("#notebook-container .cell"));
        cells.get(cells.size() - 1).findElement(By.cssSelector(".prompt, .input_prompt, .inner_cell")).click();
        new Actions(driver).sendKeys(Keys.ESCAPE).sendKeys("b").perform(); // command mode, insert a cell below
        List<WebElement> now = driver.findElements(By.cssSelector("#notebook-container .cell"));
        WebElement cell = now.get(now.size() - 1);
        cell.findElement(By.cssSelector(".CodeMirror")).click();
        // Ctrl-Enter runs the cell in place (Shift-Enter would add an empty cell below)
        new Actions(driver).sendKeys(code).keyDown(Keys.CONTROL).sendKeys(Keys.ENTER).keyUp(Keys.CONTROL).perform();
        return cell;
    }

    private static String promptOf(WebElement cell) {
        return cell.findElement(By.cssSelector(".input_prompt")).getText();
    }

    private static void assertNoErrorOutput(String chapter) {
        List<WebElement> errors = driver.findElements(By.cssSelector(".output_error"));
        assertTrue(errors.isEmpty(), chapter + " shows an error: "
                + errors.stream().map(WebElement::getText).findFirst().orElse(""));
    }

    private static void assertTables(List<String> captions) {
        List<String> shown = driver.findElements(By.cssSelector(".rendered_html table.commakit-table > caption"))
                .stream().map(WebElement::getText).map(String::strip).toList();
        for (String caption : captions) {
            assertTrue(shown.contains(caption), "no HTML table captioned '" + caption + "' on the page; tables: "
                    + shown);
        }
    }

    /** A Plotly figure drawn by the inlined plotly.js: its div holds the SVG, and the SVG holds the trace's marks. */
    private static void assertFigureDrawn(String marks) {
        List<WebElement> figures = driver.findElements(By.cssSelector(".output_area div.js-plotly-plot"));
        assertFalse(figures.isEmpty(), "no Plotly figure div was drawn (div.js-plotly-plot)");
        WebElement figure = figures.get(figures.size() - 1);
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", figure); // for the screenshot
        assertFalse(figure.findElements(By.cssSelector("svg.main-svg")).isEmpty(), "the figure div has no SVG");
        List<WebElement> drawn = figure.findElements(By.cssSelector("svg.main-svg " + marks));
        assertFalse(drawn.isEmpty(), "the figure's SVG has no " + marks);
        assertTrue(drawn.get(0).getSize().getWidth() > 10, "the trace's marks are " + drawn.get(0).getSize());
    }

    private static void screenshot(String name) throws IOException {
        Files.createDirectories(OUT);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), OUT.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static String pageText() {
        return driver.findElement(By.id("notebook-container")).getText();
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private static boolean serves(String url) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(2000);
            return connection.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean hasModule(String python, String module) throws IOException, InterruptedException {
        Process probe = new ProcessBuilder(python, "-c", "import importlib.util, sys; sys.exit(importlib.util"
                + ".find_spec('" + module + "') is None)").redirectErrorStream(true).start();
        probe.getInputStream().readAllBytes();
        return probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
    }
}
