package org.commakit.miniworld;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.commakit.data.DatasetSplits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every mini-world dataset loads through the same reader classes as the real benchmarks, unchanged. */
class MiniWorldReadersTest {

    @Test
    void theRealReadersLoadEveryMiniDatasetWithTheGeneratedCounts(@TempDir Path root) {
        MiniWorld.Summary s = MiniWorld.generate(root, 3, new MiniWorld.Options(0.1, 2, null));
        for (MiniWorld.Counts c : s.counts()) {
            MiniDataset d = MiniWorld.datasets().stream().filter(x -> x.name().equals(c.dataset())).findFirst()
                    .orElseThrow();
            DatasetSplits splits = d.reader().read(root);
            assertEquals(c.classes(), splits.numClasses(), c.dataset() + " classes");
            assertEquals(d.classnames(), splits.classnames(), c.dataset() + " class names");
            assertEquals(c.test(), splits.test().size(), c.dataset() + " test images");
            if (d.layout() == MiniDataset.Layout.SPLIT_JSON) {
                assertEquals(c.train(), splits.train().size(), c.dataset() + " train images");
                assertEquals(c.val(), splits.val().size(), c.dataset() + " val images");
            }
        }
    }
}
