package org.commakit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A user's clone has nothing beside it: no file of the repository outside {@code docs/} may point at reference material
 * next to the checkout (the folder named in {@link #OUTSIDE}, or its spec and clip files). The kit's own words live
 * in {@code docs/}; its vocabulary, published numbers and fixtures live in the repository.
 */
class RepositoryStandsAloneTest {

    /** Built from parts so that this file does not match itself. */
    private static final Pattern OUTSIDE = Pattern.compile(Pattern.quote("..") + "/" + "shared\\b|(?<![\\w-])"
            + "shared/(spec|clip|hooks|README|STYLE)");

    private static final Set<String> SKIPPED_FOLDERS = Set.of(".git", "target", "docs", "node_modules",
            ".ipynb_checkpoints", "__pycache__");

    @Test
    void noFileOutsideDocsNamesTheReferenceFolderBesideTheCheckout() throws IOException {
        Path root = Path.of(System.getProperty("kit.root", "..")).toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(root.resolve("pom.xml")), "kit.root " + root + " is not the repository");
        List<String> hits = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).filter(p -> !skipped(root, p)).toList()) {
                String text;
                try {
                    text = Files.readString(f, StandardCharsets.UTF_8);
                } catch (MalformedInputException binary) {
                    continue; // images, archives, checkpoints
                }
                scanned++;
                String[] lines = text.split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    if (OUTSIDE.matcher(lines[i]).find()) {
                        hits.add(root.relativize(f) + ":" + (i + 1) + ": " + lines[i].strip());
                    }
                }
            }
        }
        assertTrue(scanned > 200, "only " + scanned + " text files scanned under " + root);
        assertEquals(List.of(), hits, "files that point outside the repository; cite docs/ instead");
    }

    @Test
    void thePatternFindsWhatItMustAndLeavesOrdinaryWordsAlone() {
        String folder = "sha" + "red";
        assertTrue(OUTSIDE.matcher("see ../" + folder + "/spec/COMMA.md").find());
        assertTrue(OUTSIDE.matcher("`" + folder + "/spec/PROTOCOL.md` §1").find());
        assertTrue(OUTSIDE.matcher("root.resolve(\"../" + folder + "/clip/bpe.txt.gz\")").find());
        assertTrue(!OUTSIDE.matcher("frozen weights are shared, loaded once").find());
        assertTrue(!OUTSIDE.matcher("two shards sharing one results folder").find());
    }

    private static boolean skipped(Path root, Path file) {
        for (Path part : root.relativize(file)) {
            if (SKIPPED_FOLDERS.contains(part.toString())) {
                return true;
            }
        }
        return false;
    }
}
