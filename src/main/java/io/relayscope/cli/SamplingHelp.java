package io.relayscope.cli;

import io.relayscope.trace.sampling.SamplingCatalogue;
import io.relayscope.trace.sampling.SamplingControl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The help texts of the sampling and limit options ({@code --temperature} ... {@code --seed}, {@code --max-new-tokens},
 * {@code --max-calls}, {@code run --shadow}), made from the {@link SamplingCatalogue} that the app's settings panel
 * also reads, so that no setting is worded twice. Picocli reads them through {@link OptionHelp}; the keys are the
 * options' {@code descriptionKey}s.
 */
final class SamplingHelp {
    /** Defaults of the options that picocli leaves unset (so that --reference-limits can tell them apart). */
    private static final Map<String, Integer> UNSET_DEFAULTS = Map.of(SamplingCatalogue.MAX_NEW_TOKENS,
            LimitOptions.DEFAULT_TOKENS, SamplingCatalogue.MAX_CALLS, LimitOptions.DEFAULT_CALLS);

    private SamplingHelp() {
    }

    /** The bundle's rows: descriptionKey and text. */
    static List<Object[]> rows() {
        List<Object[]> rows = new ArrayList<>();
        for (SamplingControl c : SamplingCatalogue.CONTROLS) {
            rows.add(new Object[] {key(c), text(c)});
            if (c.llmOption().isPresent()) {
                rows.add(new Object[] {llmKey(c), SamplingCatalogue.llmOptionHelp(c)});
            }
        }
        return rows;
    }

    /** The descriptionKey of a setting's option. */
    static String key(SamplingControl c) {
        return "sampling." + c.key();
    }

    /** The descriptionKey of the LLM's own option of a setting. */
    static String llmKey(SamplingControl c) {
        return "sampling.llm." + c.key();
    }

    /** An option's help: the catalogue's text and its default. */
    static String text(SamplingControl c) {
        String help = SamplingCatalogue.optionHelp(c);
        if (c.flag()) {
            return help;
        }
        Integer unset = UNSET_DEFAULTS.get(c.key());
        return help + " (default " + (unset != null ? unset.toString() : "${DEFAULT-VALUE}") + ")";
    }
}
