package org.commakit.kernel;

import com.google.gson.GsonBuilder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Jupyter kernel spec of {@link KitKernel}: {@code KERNELS_DIR/comma-kit/kernel.json}, naming the Java binary,
 * the JVM options and the classpath (absolute paths, so that notebooks themselves hold no machine path).
 *
 * <pre>
 * java -cp kernel/target/comma-kernel.jar org.commakit.kernel.KernelSpec --kernels-dir DIR [--threads N]
 * </pre>
 * {@code DIR} is a Jupyter "kernels" folder: {@code $(jupyter --data-dir)/kernels} for the user, or
 * {@code X/kernels} for a run with {@code JUPYTER_PATH=X}. environment/install.sh runs this.
 */
public final class KernelSpec {

    /** The kernel name notebooks record in their metadata ({@code kernelspec.name}). */
    public static final String NAME = "comma-kit";
    public static final String DISPLAY_NAME = "Java (COMMA kit)";

    private KernelSpec() {
    }

    /**
     * The JVM options of the kernel: DJL never downloads (the libtorch jar is on the classpath), {@code threads}
     * libtorch threads, and only warnings from the kit's logging, without DJL's GPU-probe warning on machines whose
     * CUDA driver does not match (as {@code ./kit} runs).
     */
    public static List<String> jvmOptions(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("libtorch threads must be at least 1, got " + threads);
        }
        return List.of("-Xss4m", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=" + threads,
                "-Dai.djl.pytorch.num_interop_threads=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error");
    }

    /** The kernel.json content for the given Java binary, JVM options and classpath. */
    public static String json(String javaBinary, List<String> jvmOptions, List<String> classpath) {
        List<String> argv = new ArrayList<>();
        argv.add(javaBinary);
        argv.addAll(jvmOptions);
        argv.add("-cp");
        argv.add(String.join(File.pathSeparator, classpath));
        argv.add(KitKernel.class.getName());
        argv.add("{connection_file}");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("argv", argv);
        spec.put("display_name", DISPLAY_NAME);
        spec.put("language", "java");
        // Jupyter's default "signal" mode sends SIGINT, which ends a JVM; a message interrupts the running cell.
        spec.put("interrupt_mode", "message");
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(spec) + "\n";
    }

    /** Writes {@code kernelsDir/comma-kit/kernel.json}; returns its path. */
    public static Path write(Path kernelsDir, String javaBinary, List<String> jvmOptions, List<String> classpath) {
        Path file = kernelsDir.resolve(NAME).resolve("kernel.json");
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, json(javaBinary, jvmOptions, classpath), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the kernel spec " + file.toAbsolutePath() + ": " + e, e);
        }
    }

    /** The Java binary running this JVM. */
    public static String currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static void main(String[] args) {
        Path kernelsDir = null;
        int threads = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--kernels-dir" -> kernelsDir = Path.of(require(args[i], value));
                case "--threads" -> threads = Integer.parseInt(require(args[i], value));
                default -> throw new IllegalArgumentException("Unknown option " + args[i]
                        + "; usage: KernelSpec --kernels-dir DIR [--threads N]");
            }
            i++;
        }
        if (kernelsDir == null) {
            throw new IllegalArgumentException("Missing --kernels-dir DIR (a Jupyter kernels folder, e.g. "
                    + "$(jupyter --data-dir)/kernels)");
        }
        Path written = write(kernelsDir.toAbsolutePath(), currentJava(), jvmOptions(threads), List.of(thisJar()));
        System.out.println("Wrote " + written);
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    /** comma-kernel.jar, whose manifest lists the kit and the other jars in lib/ next to it. */
    private static String thisJar() {
        try {
            Path location = Path.of(KernelSpec.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!location.toString().endsWith(".jar")) {
                throw new IllegalStateException("KernelSpec runs from " + location + ", not from comma-kernel.jar:"
                        + " build it first (./mvnw -pl kernel -am package -DskipTests).");
            }
            return location.toAbsolutePath().toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate comma-kernel.jar: " + e.getMessage(), e);
        }
    }
}
