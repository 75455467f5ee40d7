package io.relayscope.trace.sampling;

import java.util.Optional;

/**
 * One sampling or limit setting as users see it, in the app's settings panel and on the command line: its key, the
 * option (and the LLM's own option, for a setting each model has), the app's label, a one-line help, and the range
 * the app's field accepts.
 *
 * @param llmOption the LLM's option ({@code --llm-top-p}) when each model has its own value
 * @param integer   whole numbers only
 * @param flag      an on/off switch (no range)
 */
public record SamplingControl(String key, String option, Optional<String> llmOption, String label, String help,
                              double min, double max, double step, boolean integer, boolean flag) {

    /** Every option that sets it: {@code --top-p}, or {@code --top-p / --llm-top-p}. */
    public String options() {
        return llmOption.map(l -> option + " / " + l).orElse(option);
    }
}
