package io.relayscope.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Range checks for option values, shared by every command: each failure is a {@link ParameterException} whose
 * message names the option, the allowed range and the value given, and {@link Main} prints it as one
 * {@code relayscope: ...} line pointing to {@code --help} (exit status 2). Each check returns its value.
 */
public final class OptionChecks {

    private OptionChecks() {
    }

    /** A probability: a number in [0, 1]. */
    public static double probability(CommandLine cl, String option, double value) {
        return between(cl, option, value, 0, 1);
    }

    /** A number in [{@code min}, {@code max}] (NaN is refused). */
    public static double between(CommandLine cl, String option, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new ParameterException(cl, option + " must be between " + number(min) + " and " + number(max)
                    + ", not " + number(value));
        }
        return value;
    }

    /** A finite number of at least {@code min}. */
    public static double atLeast(CommandLine cl, String option, double value, double min) {
        if (!(value >= min) || Double.isInfinite(value)) {
            throw new ParameterException(cl, option + " must be at least " + number(min) + ", not " + number(value));
        }
        return value;
    }

    /** A finite number above zero. */
    public static double positive(CommandLine cl, String option, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new ParameterException(cl, option + " must be above 0, not " + number(value));
        }
        return value;
    }

    /** A count of at least {@code min} (use 1 for "at least one"). */
    public static long atLeast(CommandLine cl, String option, long value, long min) {
        if (value < min) {
            throw new ParameterException(cl, option + " must be at least " + min + ", not " + value);
        }
        return value;
    }

    /** A count of at least {@code min}, as an int. */
    public static int atLeast(CommandLine cl, String option, int value, int min) {
        return (int) atLeast(cl, option, (long) value, (long) min);
    }

    /** A text with something else than white space in it; {@code what} names it ("the prompt", "--system"). */
    public static String nonBlank(CommandLine cl, String what, String value) {
        if (value == null || value.isBlank()) {
            throw new ParameterException(cl, what + " is empty; give a non-empty value");
        }
        return value;
    }

    private static String number(double v) {
        if (v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
