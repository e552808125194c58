package org.commakit.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.commakit.KitException;

/**
 * {@code metrics.csv} of a run: one row per training step ({@code epoch,step,loss,acc,lr}; epoch and step 1-based,
 * acc = % of the batch classified right), appended and flushed as training goes. On resume the rows of epochs after
 * the checkpoint (an epoch cut short by a crash) are dropped first, so a resumed run's file equals an uninterrupted
 * run's.
 */
final class MetricsCsv implements AutoCloseable {
    static final String HEADER = "epoch,step,loss,acc,lr";

    private final Path file;
    private final BufferedWriter out;

    /** Opens {@code file} for appending, keeping only the rows of the first {@code epochsDone} epochs. */
    MetricsCsv(Path file, int epochsDone) {
        this.file = file;
        try {
            List<String> keep = new ArrayList<>();
            keep.add(HEADER);
            if (Files.exists(file)) {
                for (String row : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!row.isEmpty() && Character.isDigit(row.charAt(0))
                            && Integer.parseInt(row.substring(0, row.indexOf(','))) <= epochsDone) {
                        keep.add(row);
                    }
                }
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, keep, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            throw new KitException("cannot prepare " + file + ": " + e.getMessage(), e);
        }
    }

    void append(int epoch, int step, float loss, double acc, float lr) {
        try {
            out.write(epoch + "," + step + "," + loss + "," + acc + "," + lr);
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new KitException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new KitException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }
}
