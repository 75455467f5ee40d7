package io.relayscope.trace.sampling;

import java.util.List;
import java.util.Optional;

/**
 * The one catalogue of the sampling and limit settings (as {@link io.relayscope.trace.policy.PolicyCatalogue} is of
 * the call policies): labels, help texts, options and ranges. The CLI's option help and the app's labels, tooltips
 * and field ranges are all read from here.
 */
public final class SamplingCatalogue {
    public static final String TEMPERATURE = "temperature";
    public static final String TOP_P = "topP";
    public static final String TOP_K = "topK";
    public static final String MIN_P = "minP";
    public static final String REPETITION_PENALTY = "repetitionPenalty";
    public static final String SEED = "seed";
    public static final String MAX_NEW_TOKENS = "maxNewTokens";
    public static final String MAX_CALLS = "maxCalls";
    public static final String LLM_OPINION = "llmOpinion";

    /** Which model a control of the app sets. */
    public enum Model {
        SLM, LLM, BOTH
    }

    /** Every setting, in the order the app shows them. */
    public static final List<SamplingControl> CONTROLS = List.of(
            perModel(TEMPERATURE, "--temperature", "temperature", "How random the choice is: 0 always takes the most "
                    + "likely token (greedy; the reference samples at 0.7)", 0, 0, 2, 0.1, false),
            perModel(TOP_P, "--top-p", "Top p", "Draw only from the most likely tokens that together reach this "
                    + "probability (nucleus sampling); 1 is off", 1, 0.05, 1, 0.05, false),
            perModel(TOP_K, "--top-k", "Top k (0 off)", "Draw only from this many most likely tokens; 0 is off",
                    0, 0, 1000, 1, true),
            perModel(MIN_P, "--min-p", "Min p (0 off)", "Keep only the tokens with at least this fraction of the top "
                    + "token's probability; 0 is off", 0, 0, 1, 0.01, false),
            perModel(REPETITION_PENALTY, "--repetition-penalty", "Repetition penalty (1 off)", "Make every token "
                    + "already in the model's context less likely (logit / R, or * R when negative, as transformers); "
                    + "1 is off", 1, 0.5, 2, 0.05, false),
            single(SEED, "--seed", "Seed", "The random seed of sampling and of the random policies: the same seed and "
                    + "settings repeat a run", 0, 0, Integer.MAX_VALUE, true),
            single(MAX_NEW_TOKENS, "--max-new-tokens", "Max new tokens", "The run stops after this many response "
                    + "tokens", 256, 1, 200_000, true),
            single(MAX_CALLS, "--max-calls", "Max calls", "The SLM may call the LLM at most this many times",
                    64, 0, 10_000, true),
            new SamplingControl(LLM_OPINION, "--shadow", Optional.empty(), "LLM opinion (critical tokens)",
                    "After the run, both models score every response token; tokens where their top choices differ "
                            + "are marked critical", 0, 0, 1, 1, true, true));

    /** The catalogue entry of a setting by key. */
    public static SamplingControl control(String key) {
        return CONTROLS.stream().filter(c -> c.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no sampling setting " + key));
    }

    /** The app's label of a control: "SLM temperature" for one model's own, else the catalogue's label. */
    public static String label(SamplingControl c, Model model) {
        return model == Model.BOTH ? c.label() : model + " " + c.label();
    }

    /**
     * The app's tooltip of a control: whose setting it is, the help, its default, and the command-line options that
     * set the same (both models' where the app's one field sets both).
     */
    public static String tooltip(SamplingControl c, Model model) {
        String who = switch (model) {
            case SLM -> "The SLM's own. ";
            case LLM -> "The LLM's own. ";
            case BOTH -> c.llmOption().isPresent() ? "Both models. " : "";
        };
        String options = switch (model) {
            case SLM -> c.option();
            case LLM -> c.llmOption().orElse(c.option());
            case BOTH -> c.options();
        };
        return who + c.help() + ". " + defaultSentence(c) + " (command line: " + options + ")";
    }

    /**
     * "Default 256.", or for a setting a model's generation_config.json may set: "Default: the model's
     * generation_config.json, else 0." (the app and the CLI start from the same).
     */
    public static String defaultSentence(SamplingControl c) {
        return c.llmOption().isPresent() ? "Default: the model's generation_config.json, else " + c.defaultText() + "."
                : "Default " + c.defaultText() + ".";
    }

    /** The CLI's help of a control's option ("SLM: " first where the LLM has its own), before its default. */
    public static String optionHelp(SamplingControl c) {
        return (c.llmOption().isPresent() ? "SLM: " : "") + c.help();
    }

    /** The CLI's help of the LLM's own option. */
    public static String llmOptionHelp(SamplingControl c) {
        return "LLM: " + c.help() + " (default: as " + c.option() + ")";
    }

    private static SamplingControl perModel(String key, String option, String label, String help, double defaultValue,
                                            double min, double max, double step, boolean integer) {
        return new SamplingControl(key, option, Optional.of("--llm-" + option.substring(2)), label, help, defaultValue,
                min, max, step, integer, false);
    }

    private static SamplingControl single(String key, String option, String label, String help, double defaultValue,
                                          double min, double max, boolean integer) {
        return new SamplingControl(key, option, Optional.empty(), label, help, defaultValue, min, max, 1, integer, false);
    }

    private SamplingCatalogue() {
    }
}
