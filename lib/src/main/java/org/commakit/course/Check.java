package org.commakit.course;

/**
 * Checks for the exercises: a solution cell ends with one, which throws (a red error in the notebook, a failure in
 * the notebook test) when the answer is wrong, and otherwise returns a line saying what was checked.
 */
public final class Check {
    private Check() {
    }

    /** {@code ok}, or an {@link AssertionError} naming {@code what}. */
    public static String that(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("exercise check failed: " + what);
        }
        return "checked: " + what;
    }

    /** {@code value} within {@code [low, high]}, or an {@link AssertionError} naming the value and the range. */
    public static String between(double value, double low, double high, String what) {
        if (!(value >= low && value <= high)) { // NaN fails too
            throw new AssertionError("exercise check failed: " + what + " is " + value + ", expected between " + low
                    + " and " + high);
        }
        return "checked: " + what + " = " + value + " (between " + low + " and " + high + ")";
    }

    /** {@code actual} equal to {@code expected}, or an {@link AssertionError} naming both. */
    public static String equal(Object expected, Object actual, String what) {
        if (!java.util.Objects.equals(expected, actual)) {
            throw new AssertionError("exercise check failed: " + what + " is " + actual + ", expected " + expected);
        }
        return "checked: " + what + " = " + actual;
    }
}
