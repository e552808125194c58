package org.commakit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates committed fixtures (fixtures/ in the repository). */
public final class Fixtures {
    private Fixtures() {}

    public static Path root() {
        String root = System.getProperty("kit.root");
        Path p = root != null ? Path.of(root) : Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("fixtures"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository's fixtures/ folder from " + root);
        }
        return p;
    }

    public static Path fixture(String relative) {
        return root().resolve("fixtures").resolve(relative);
    }
}
