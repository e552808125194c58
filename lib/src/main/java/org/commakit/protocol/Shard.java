package org.commakit.protocol;

import org.commakit.KitException;

/**
 * One of {@code count} disjoint parts of a job matrix, selected with {@code --shard index/count} (index from 0):
 * chain number {@code c} of the matrix belongs to shard {@code c mod count} (see {@link JobMatrix#shard(Shard)}).
 */
public record Shard(int index, int count) {

    /** The whole matrix as a single shard. */
    public static final Shard ALL = new Shard(0, 1);

    /** Checks {@code 0 <= index < count}. */
    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new KitException("Shard " + index + "/" + count + " does not exist: expected index/count "
                    + "with 0 <= index < count, e.g. --shard 0/4 ... --shard 3/4.");
        }
    }

    /** Parses {@code "i/n"}, as given to {@code --shard}. */
    public static Shard parse(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split("/", -1);
        if (parts.length == 2) {
            try {
                return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
        }
        throw new KitException("--shard '" + text + "' is not of the form index/count (index from 0), "
                + "e.g. --shard 1/4 for the second of four shards.");
    }

    /** Whether chain number {@code chainIndex} belongs to this shard. */
    public boolean contains(int chainIndex) {
        return chainIndex % count == index;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
