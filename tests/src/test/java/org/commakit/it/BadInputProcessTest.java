package org.commakit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input cases that need a process of their own (issue 18; the in-process ones are
 * {@code org.commakit.cli.BadInputTest}): the {@code ./kit} script without a JDK 17, a JVM whose home folder cannot be
 * written, and a second process on the same output folder. Each asserts the exit status 2, one line naming the problem
 * and the fix, and no stack trace.
 */
class BadInputProcessTest {

    static final Path ROOT = Path.of(System.getProperty("kit.root", "..")).toAbsolutePath().normalize();

    record Result(int status, String out, String err) {}

    static Result run(ProcessBuilder pb) throws Exception {
        Path out = Files.createTempFile("kit-out", ".txt");
        Path err = Files.createTempFile("kit-err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "did not end in 3 minutes: " + pb.command());
        Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    /** Exit status 2 and one line on stderr (after any lines of {@code noise}) with every fragment, no stack trace. */
    static void assertRefused(Result r, String... fragments) {
        assertEquals(2, r.status(), "stderr:\n" + r.err() + "\nstdout:\n" + r.out());
        List<String> lines = r.err().lines().filter(l -> !l.startsWith("[kit] ") && !l.isBlank()).toList();
        assertEquals(1, lines.size(), "one line:\n" + r.err());
        for (String s : List.of(r.out(), r.err())) {
            assertFalse(s.contains("\tat ") || s.contains("Exception in thread") || s.contains("Caused by:"), s);
        }
        for (String f : fragments) {
            assertTrue(lines.get(0).contains(f), "'" + f + "' missing from:\n" + lines.get(0));
        }
    }

    /** A JVM running {@code org.commakit.cli.Kit} (or another main class) on this test's classpath. */
    static ProcessBuilder java(List<String> jvmOptions, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss4m", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", classpath(), mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        for (String v : List.of("COMMA_MINI", "COMMA_DATA", "COMMA_CLIP", "COMMA_PRESET", "KIT_DEBUG")) {
            env.remove(v);
        }
        return pb;
    }

    static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    /** A bin folder with links to the tools the kit script needs before java: bash, dirname, sed, and a fake java. */
    static Path binWithout(Path dir, String fakeJavaVersion) throws IOException {
        Path bin = Files.createDirectories(dir);
        for (String tool : List.of("bash", "dirname", "sed", "cat", "find", "nproc")) {
            for (String from : List.of("/usr/bin/", "/bin/")) {
                if (Files.isExecutable(Path.of(from + tool)) && !Files.exists(bin.resolve(tool))) {
                    Files.createSymbolicLink(bin.resolve(tool), Path.of(from + tool));
                }
            }
        }
        if (fakeJavaVersion != null) {
            Path java = bin.resolve("java");
            Files.writeString(java, "#!/bin/bash\necho '    java.specification.version = " + fakeJavaVersion
                    + "' >&2\n");
            Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bin;
    }

    @Test
    void theKitScriptWithoutJavaOnPathSaysAJdk17IsNeeded(@TempDir Path tmp) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", ROOT.resolve("kit").toString(), "help").directory(ROOT.toFile());
        pb.environment().put("PATH", binWithout(tmp.resolve("bin"), null).toString());
        pb.environment().remove("JAVA_HOME");
        assertRefused(run(pb), "kit: no java on PATH (nor in JAVA_HOME); the kit needs a JDK 17 or newer",
                "put its bin folder on PATH, or set JAVA_HOME");

        ProcessBuilder old = new ProcessBuilder("/bin/bash", ROOT.resolve("kit").toString(), "help")
                .directory(ROOT.toFile());
        old.environment().put("PATH", binWithout(tmp.resolve("bin11"), "11").toString());
        old.environment().remove("JAVA_HOME");
        assertRefused(run(old), "is Java 11; the kit needs a JDK 17 or newer");
    }

    @Test
    void kitDebugAddsTheStackTraceAfterTheOneLine() throws Exception {
        ProcessBuilder pb = java(List.of(), "org.commakit.cli.Kit", "reproduce", "--seeds", "1,x", "--dry-run");
        Result plain = run(pb);
        assertRefused(plain, "kit reproduce: seed 'x' in --seeds 1,x is not a whole number");
        pb.environment().put("KIT_DEBUG", "1");
        Result debug = run(pb);
        assertEquals(2, debug.status());
        assertTrue(debug.err().startsWith(plain.err().strip()) && debug.err().contains("\tat org.commakit.cli."),
                debug.err());
    }

    @Test
    void anUnwritableHomeFolderNamesTheMiniWorldSetting(@TempDir Path tmp) throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        try (AutoCloseable ro = readOnly(home)) {
            Result r = run(java(List.of("-Duser.home=" + home), "org.commakit.cli.Kit", "reproduce", "--preset",
                    "mini", "--protocol", "base2new", "--methods", "ZeroShotCLIP", "--seeds", "1", "--datasets",
                    "MiniShapes", "--out", tmp.resolve("out").toString(), "--no-plots"));
            assertRefused(r, "cannot generate the mini world in " + home.resolve(".comma/mini-world"),
                    "point -Dcomma.mini / COMMA_MINI at a writable folder");
            // the default results folder is relative to the working folder, not the home folder
            Result dry = run(java(List.of("-Duser.home=" + home), "org.commakit.cli.Kit", "reproduce", "--dry-run",
                    "--out", tmp.resolve("out").toString()).directory(tmp.toFile()));
            assertEquals(0, dry.status(), "a dry run needs no home folder: " + dry.err());
        }
    }

    @Test
    void anUnwritableHomeFolderWithTheMiniWorldElsewhereStillRuns(@TempDir Path tmp) throws Exception {
        Path world = tmp.resolve("world");
        org.commakit.miniworld.MiniWorld.generate(world, 1, new org.commakit.miniworld.MiniWorld.Options(0.1, 2, null));
        Path home = Files.createDirectories(tmp.resolve("home"));
        try (AutoCloseable ro = readOnly(home)) {
            Result r = run(java(List.of("-Duser.home=" + home, "-Dcomma.mini=" + tmp.resolve("mini-home")),
                    "org.commakit.cli.Kit", "reproduce", "--preset", "mini", "--protocol", "base2new", "--methods",
                    "ZeroShotCLIP", "--seeds", "1", "--datasets", "MiniShapes", "--data", world.toString(), "--out",
                    tmp.resolve("out").toString(), "--no-plots"));
            assertEquals(0, r.status(), "libtorch and MiniCLIP need nothing from the home folder:\n" + r.err());
            assertTrue(r.out().contains("[2/2] ZeroShotCLIP/base2new/MiniShapes/seed1/test-new"), r.out());
        }
    }

    @Test
    void aSecondProcessOnTheSameShardAndFolderIsRefusedAtOnce(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        Process holder = java(List.of(), RunFolderHolder.class.getName(), out.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("claimed", lines.readLine());
            long t0 = System.nanoTime();
            Result r = run(java(List.of(), "org.commakit.cli.Kit", "reproduce", "--preset", "mini", "--out",
                    out.toString(), "--no-plots"));
            assertRefused(r, "another ./kit reproduce is running shard 0/1 into " + out,
                    "wait for it to end, or run another shard (--shard i/n) or another --out");
            assertTrue(System.nanoTime() - t0 < TimeUnit.MINUTES.toNanos(1), "refused at once, not after its jobs");
        } finally {
            holder.getOutputStream().close();
            assertTrue(holder.waitFor(1, TimeUnit.MINUTES));
        }
        try (var files = Files.list(out)) {
            assertEquals(List.of(".reproduce-shard-0-of-1.lock"), files.map(p -> p.getFileName().toString()).toList(),
                    "the refused run wrote nothing");
        }
    }

    /** chmod a-w, or as root (whom permission bits do not stop) a read-only bind mount; else the test is skipped. */
    static AutoCloseable readOnly(Path dir) throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
            return () -> Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        if (command("mount", "--bind", dir.toString(), dir.toString()) != 0) {
            Assumptions.abort("cannot bind-mount " + dir + " read-only here");
        }
        if (command("mount", "-o", "remount,bind,ro", dir.toString()) != 0) {
            command("umount", dir.toString());
            Assumptions.abort("cannot remount " + dir + " read-only here");
        }
        return () -> command("umount", dir.toString());
    }

    static int command(String... cmd) throws Exception {
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor();
    }

}
