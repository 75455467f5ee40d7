package io.relayscope.trace.cost;

import java.util.Locale;

/**
 * The catalogue of cost measures, in the order they are shown (the paper's LLM token ratio first). Each measure has
 * a value for the run and for the LLM answering alone (writing the same response after the same prompt), and a
 * saving = 1 - run / LLM alone; the LLM alone itself saves 0 on every measure. The app, the CLI, the trace exports
 * and docs/costs.md all read their names and explanations from here.
 */
public enum CostMeasure {
    LLM_TOKENS("LLM tokens written", "tokens",
            "Tokens the large model wrote. Their share of the response is the paper's LLM token ratio; "
                    + "the LLM alone writes every response token."),
    LLM_FORWARDS("LLM forward passes", "passes",
            "Sequential forward passes of the large model, its latency cost: a call of n tokens is one catch-up "
                    + "prefill plus n-1 decode steps; the LLM alone makes one per token (and one that writes its end)."),
    LLM_TOKENS_READ("LLM tokens read", "tokens",
            "Tokens fed to the large model (its prefill and catch-ups; a server can cache the part it has seen). "
                    + "The LLM alone reads the prompt and every response token but the last."),
    SLM_TOKENS_READ("SLM tokens read", "tokens",
            "Tokens fed to the small model: the prompt, its own tokens and the LLM's. Cheap, but not free; "
                    + "the LLM alone uses no SLM, so there is no saving to show."),
    FLOPS("Compute (FLOPs)", "FLOP",
            "Estimated compute: 2 x parameters per token each model reads, both models together, against the LLM "
                    + "alone reading the same text."),
    MONEY("Money", "USD",
            "Prices per 1M tokens (off until set): input a server has not cached, cached input (context re-read from "
                    + "its prefix cache) and output, per model; the LLM alone is one request.");

    private final String label;
    private final String unit;
    private final String explanation;

    CostMeasure(String label, String unit, String explanation) {
        this.label = label;
        this.unit = unit;
        this.explanation = explanation;
    }

    public String label() {
        return label;
    }

    public String unit() {
        return unit;
    }

    /** One or two sentences for a tooltip, the Help panel and the docs. */
    public String explanation() {
        return explanation;
    }

    /** A value in this measure's unit: whole counts with separators, FLOPs with an SI prefix, money in USD. */
    public String format(double v) {
        return switch (this) {
            case FLOPS -> si(v) + "FLOP";
            case MONEY -> String.format(Locale.ROOT, "$%.6f", v);
            default -> String.format(Locale.ROOT, "%,d", Math.round(v));
        };
    }

    private static String si(double v) {
        String[] prefix = {"", "k", "M", "G", "T", "P", "E"};
        int i = 0;
        while (Math.abs(v) >= 1000 && i < prefix.length - 1) {
            v /= 1000;
            i++;
        }
        return String.format(Locale.ROOT, "%.3g %s", v, prefix[i]);
    }

    /** Whether comparing with the LLM alone means anything (the SLM's reads have no LLM-alone counterpart). */
    public boolean hasSaving() {
        return this != SLM_TOKENS_READ;
    }
}
