package io.relayscope.cli;

import io.relayscope.trace.sampling.SamplingCatalogue;
import io.relayscope.trace.sampling.SamplingControl;

import java.util.ArrayList;
import java.util.List;

/**
 * The help texts of the sampling and limit options ({@code --temperature} ... {@code --seed}, {@code --max-new-tokens},
 * {@code --max-calls}, {@code run --shadow}), made from the {@link SamplingCatalogue} that the app's settings panel
 * also reads, so that no setting is worded twice. Picocli reads them through {@link OptionHelp}; the keys are the
 * options' {@code descriptionKey}s.
 */
final class SamplingHelp {
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

    /** An option's help: the catalogue's text and its default (the catalogue's, which the app starts from too). */
    static String text(SamplingControl c) {
        String help = SamplingCatalogue.optionHelp(c);
        if (c.flag()) {
            return help;
        }
        return help + " (default " + c.defaultText() + ")";
    }
}
