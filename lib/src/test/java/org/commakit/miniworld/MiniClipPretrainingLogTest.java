package org.commakit.miniworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed MiniCLIP's pretraining log is what the code computes today: the first 25 steps of the default recipe
 * (warm-up, so the learning rate does not depend on the run's length), on one libtorch thread as the committed run,
 * give the logged loss of step 25 to the log's four decimals. A change to the caption corpus, the
 * renderer, the tokenizer, the initialisation or the optimiser shows here, and means the checkpoint must be made
 * again with the command in the log.
 */
class MiniClipPretrainingLogTest {
    private static final Path LOG = Path.of("..", "fixtures", "miniworld", "mini_clip_pretrain.log");
    private static final Pattern LINE = Pattern.compile("\\[pretrain] step (\\d+)/\\d+  loss ([0-9.]+)");

    @TempDir
    Path tmp;

    @Test
    void firstStepsOfTheDefaultRecipeReproduceTheCommittedLog() throws IOException {
        String log = Files.readString(LOG, StandardCharsets.UTF_8);
        assertTrue(log.contains(" 1 libtorch thread(s)"), "the committed run used one libtorch thread: " + LOG);
        MiniClip.Recipe r = MiniClip.DEFAULTS;
        MiniClip.Recipe first = new MiniClip.Recipe(r.initSeed(), r.captionSeed(), 25, r.batchSize(), r.lr(),
                r.weightDecay(), r.warmupSteps());
        ClipTokenizer tokenizer = ClipTokenizer.load(MiniClip.vocabulary(tmp));
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        try (Clip clip = MiniClip.pretrain(first, tokenizer, new PrintStream(progress, true, StandardCharsets.UTF_8))) {
            String now = progress.toString(StandardCharsets.UTF_8);
            assertEquals(loss(log, 25), loss(now, 25), "loss at step 25 (" + LOG + ")");
        }
    }

    private static String loss(String log, int step) {
        Matcher m = LINE.matcher(log);
        while (m.find()) {
            if (Integer.parseInt(m.group(1)) == step) {
                return m.group(2);
            }
        }
        throw new AssertionError("no loss for step " + step + " in:\n" + log);
    }
}
