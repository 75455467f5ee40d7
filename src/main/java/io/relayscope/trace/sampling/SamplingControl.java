package io.relayscope.trace.sampling;

import java.util.Optional;

/**
 * One sampling or limit setting as users see it, in the app's settings panel and on the command line: its key, the
 * option (and the LLM's own option, for a setting each model has), the app's label, a one-line help, and the range
 * the app's field accepts.
 *
 * @param llmOption    the LLM's option ({@code --llm-top-p}) when each model has its own value
 * @param defaultValue the one default of the app and the CLI (1 is on for a flag); for the sampling settings that a
 *                     model's generation_config.json sets, the value used when the model has none
 * @param integer      whole numbers only
 * @param flag         an on/off switch (no range)
 */
public record SamplingControl(String key, String option, Optional<String> llmOption, String label, String help,
                              double defaultValue, double min, double max, double step, boolean integer, boolean flag) {

    /** The default as the help and tooltips write it: "256", "0.05", "1", "off". */
    public String defaultText() {
        if (flag) {
            return defaultValue != 0 ? "on" : "off";
        }
        if (integer || defaultValue == Math.rint(defaultValue)) {
            return Long.toString((long) defaultValue);
        }
        return java.math.BigDecimal.valueOf(defaultValue).stripTrailingZeros().toPlainString();
    }

    /** The default of a whole-number setting. */
    public int intDefault() {
        return (int) defaultValue;
    }

    /** Every option that sets it: {@code --top-p}, or {@code --top-p / --llm-top-p}. */
    public String options() {
        return llmOption.map(l -> option + " / " + l).orElse(option);
    }
}
