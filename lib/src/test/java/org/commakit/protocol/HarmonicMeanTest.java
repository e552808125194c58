package org.commakit.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HarmonicMeanTest {

    private static double twoDecimals(double x) {
        return Math.round(x * 100) / 100.0;
    }

    @Test
    void commaReportedAveragesGive7901Not7904() {
        // 2 * 82.42 * 75.87 = 12506.4108 (by hand); 82.42 + 75.87 = 158.29
        double hm = HarmonicMean.of(82.42, 75.87);
        assertEquals(12506.4108 / 158.29, hm, 1e-12);
        assertEquals(79.01, twoDecimals(hm), 0.0);
        assertNotEquals(79.04, twoDecimals(hm));
    }

    @Test
    void recomputedHmMatchesEveryPublishedRowExceptCommasAverage() {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (PublishedResult r : PublishedResults.load().all()) {
            if (r.protocol().equals("base2new") && r.baseAccuracy().isPresent() && r.newAccuracy().isPresent()) {
                checked++;
                double hm = twoDecimals(HarmonicMean.of(r.baseAccuracy().getAsDouble(), r.newAccuracy().getAsDouble()));
                if (hm != r.harmonicMean().getAsDouble()) {
                    mismatches.add(r.method() + " " + r.dataset());
                }
            }
        }
        assertEquals(51, checked, "4 methods x 12 rows, and the averages of KgCoOp, ProDA and COMMA");
        // COMMA's README prints 79.04 where the HM of its own averages is 79.01 (docs/official-code-notes.md)
        assertEquals(List.of("COMMA Average"), mismatches);
    }

    @Test
    void missingInputGivesMissingHmAndZeroInputsGiveZero() {
        assertTrue(Double.isNaN(HarmonicMean.of(Double.NaN, 70)));
        assertTrue(Double.isNaN(HarmonicMean.of(70, Double.NaN)));
        assertEquals(0.0, HarmonicMean.of(0, 0), 0.0);
        assertEquals(0.0, HarmonicMean.of(80, 0), 0.0);
    }
}
