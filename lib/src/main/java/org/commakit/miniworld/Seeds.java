package org.commakit.miniworld;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Per-image seeds for the mini world. Every image gets its own {@link SplittableRandom} derived from the world
 * seed and the image's coordinates (dataset, split, class, index), so images can be drawn in any order or in
 * parallel and still come out the same.
 */
final class Seeds {
    private Seeds() {}

    /** A seed mixed from a base seed and any number of parts (SplitMix64 finaliser after each part). */
    static long mix(long seed, long... parts) {
        long h = mix64(seed ^ 0x9E3779B97F4A7C15L);
        for (long p : parts) {
            h = mix64(h ^ mix64(p + 0x632BE59BD9B4E019L));
        }
        return h;
    }

    /** A random stream for the given coordinates. */
    static SplittableRandom random(long seed, long... parts) {
        return new SplittableRandom(mix(seed, parts));
    }

    /** A stable 64-bit hash of a name (FNV-1a over its UTF-8 bytes); unlike hashCode it is 64 bits wide. */
    static long of(String name) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
