package org.commakit.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.dflib.jjava.jupyter.kernel.util.PathsHandler;

/**
 * The kernel's line magics, with IJava's meaning:
 * <ul>
 *   <li>{@code %classpath PATH...} — adds jars or class folders; a PATH may list several with the platform's path
 *       separator and use globs ({@code *}, {@code **}, {@code ?});</li>
 *   <li>{@code %jars GLOB...} — adds jar files; a folder adds every jar directly inside it;</li>
 *   <li>{@code %load FILE} — runs a file of Java (and magics) as if it were a cell;</li>
 *   <li>{@code %maven GROUP:ARTIFACT:VERSION...} — offline subset, so that notebooks written for IJava/JJava run
 *       here: artifacts already on the kernel's classpath (the kit's own, and its dependencies) are skipped, others
 *       are taken from the local Maven repository without their dependencies.</li>
 * </ul>
 * Relative paths start at the kernel's working folder, the notebook's folder. A path or glob that matches nothing
 * prints a warning.
 */
final class LineMagics {

    private final JShellSession session;
    private final BiConsumer<String, String> runAsCell;

    /**
     * @param runAsCell runs (label, source) as a cell: how {@code %load} runs a file
     */
    LineMagics(JShellSession session, BiConsumer<String, String> runAsCell) {
        this.session = session;
        this.runAsCell = runAsCell;
    }

    /** Runs {@code magic}, found in the cell that errors call {@code cellLabel}. */
    void run(String cellLabel, CellParts.Magic magic) {
        String where = cellLabel + ", line " + magic.line();
        switch (magic.name()) {
            case "classpath" -> requireArguments(where, magic).forEach(arg -> resolve(where, magic, arg)
                    .forEach(this::add));
            case "jars" -> requireArguments(where, magic).forEach(arg -> resolve(where, magic, arg)
                    .forEach(this::addJars));
            case "load" -> requireArguments(where, magic).forEach(this::load);
            case "maven" -> requireArguments(where, magic).forEach(this::maven);
            default -> throw new CompilationException(where + ": unknown magic %" + magic.name()
                    + "; the COMMA kit kernel knows %classpath, %jars, %load and %maven.");
        }
    }

    private static List<String> requireArguments(String where, CellParts.Magic magic) {
        if (magic.args().isEmpty()) {
            throw new CompilationException(where + ": %" + magic.name() + " needs an argument, e.g. "
                    + switch (magic.name()) {
                        case "load" -> "%load setup.jsh";
                        case "maven" -> "%maven tech.tablesaw:tablesaw-core:0.44.4";
                        default -> "%" + magic.name() + " ../kernel/target/lib/*.jar";
                    });
        }
        return magic.args();
    }

    /** The files matching {@code pattern}, sorted; none (with a warning) when nothing matches. */
    private static List<Path> resolve(String where, CellParts.Magic magic, String pattern) {
        List<Path> paths;
        try {
            paths = new ArrayList<>(PathsHandler.splitAndResolveGlobs(pattern));
        } catch (RuntimeException e) { // a glob under a missing folder
            paths = new ArrayList<>();
        }
        if (paths.isEmpty()) {
            // A warning, not an error, as in IJava: the kit's kernel already has the kit, and a notebook may name
            // the kit's jars for other kernels (%jars ../kernel/target/lib/*.jar) before they are built.
            System.err.println("Warning (" + where + "): %" + magic.name() + " " + pattern
                    + " matches no file; relative paths start at " + Path.of("").toAbsolutePath() + ".");
        }
        paths.sort(null); // directory order varies between machines
        return paths;
    }

    private void add(Path path) {
        session.addToClasspath(path.toAbsolutePath().normalize().toString());
    }

    private void addJars(Path path) {
        if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.list(path)) {
                files.filter(LineMagics::isJar).sorted().forEach(this::add);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + path.toAbsolutePath() + ": " + e.getMessage(), e);
            }
        } else if (isJar(path)) {
            add(path);
        } else {
            throw new CompilationException("%jars " + path + ": not a jar file; use %classpath for class folders.");
        }
    }

    private static boolean isJar(Path path) {
        return Files.isRegularFile(path) && path.getFileName().toString().endsWith(".jar");
    }

    private void load(String file) {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new CompilationException("%load " + file + ": no such file (relative paths start at "
                    + Path.of("").toAbsolutePath() + ").");
        }
        try {
            runAsCell.accept("file " + file, Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private void maven(String coordinates) {
        String[] parts = coordinates.split(":");
        if (parts.length < 3) {
            throw new CompilationException("%maven " + coordinates + ": expected GROUP:ARTIFACT:VERSION.");
        }
        String group = parts[0];
        String artifact = parts[1];
        String version = parts[parts.length - 1];
        if (group.equals("org.commakit") || onClasspath(group, artifact)) {
            return; // the kernel ships with the kit and its dependencies
        }
        Path repository = Path.of(System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
        Path jar = repository.resolve(group.replace('.', '/')).resolve(artifact).resolve(version)
                .resolve(artifact + "-" + version + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new CompilationException("%maven " + coordinates + ": " + jar + " not found. The COMMA kit kernel"
                    + " resolves %maven offline from the local Maven repository, without dependencies: fetch it"
                    + " first (mvn dependency:get -Dartifact=" + group + ":" + artifact + ":" + version
                    + "), or use %jars.");
        }
        add(jar);
    }

    private static boolean onClasspath(String group, String artifact) {
        String descriptor = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        return LineMagics.class.getClassLoader().getResource(descriptor) != null;
    }
}
