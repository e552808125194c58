package org.commakit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LrScheduleTest {

    static void assertTable(double[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int e = 0; e < expected.length; e++) {
            // docs/official-code-notes.md#optimiser-and-schedule prints 5 significant digits; the test's bound is 1e-7 as the spec asks
            assertEquals(expected[e], actual[e], 1e-7, "epoch " + (e + 1));
        }
    }

    @Test
    void baseToNewScheduleIsTheTableOfCommaSection62() {
        assertTable(new double[] {1e-5, 0.0035, 0.0031658, 0.0022908, 0.0012092},
                Method.COMMA.referenceConfig(false).schedule().table());
        assertTable(new double[] {1e-5, 0.0035, 0.0031658, 0.0022908, 0.0012092},
                Method.MAPLE.referenceConfig(false).schedule().table());
    }

    @Test
    void crossDatasetScheduleTrainsOneRealEpoch() {
        assertTable(new double[] {1e-5, 0.0026}, Method.COMMA.referenceConfig(true).schedule().table());
    }

    @Test
    void withoutWarmUpTheCosineStartsAtTheBaseRateAndNeverReachesZero() {
        LrSchedule s = new LrSchedule(0.002f, 4, 0, 1e-5f);
        // 0.002 (1 + cos(pi e / 4)) / 2
        assertTable(new double[] {0.002, 0.0017071068, 0.001, 0.00029289322}, s.table());
    }

    @Test
    void impossibleSchedulesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule(0f, 5, 1, 1e-5f));
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule(0.1f, 0, 1, 1e-5f));
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule(0.1f, 5, -1, 1e-5f));
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule(0.1f, 5, 1, 1e-5f).at(-1));
    }
}
