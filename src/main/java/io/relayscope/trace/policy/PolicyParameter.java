package io.relayscope.trace.policy;

import java.util.Locale;

/**
 * One numeric parameter of the call policies, as the CLI and the app both show it: the key in a trace's policy
 * parameters, the command-line option, the app's label, a one-line help, the default and the allowed range.
 *
 * @param zeroIsOff 0 switches the parameter off (the entropy limit): the spec then leaves it out
 */
public record PolicyParameter(String key, String option, String label, String help, double defaultValue, double min,
                              double max, double step, boolean integer, boolean zeroIsOff) {

    /** The default as the help text writes it: "0.5", "4", or "off". */
    public String defaultText() {
        if (zeroIsOff && defaultValue == 0) {
            return "off";
        }
        return integer ? Long.toString((long) defaultValue) : String.format(Locale.ROOT, "%s", stripZeros(defaultValue));
    }

    private static String stripZeros(double v) {
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
