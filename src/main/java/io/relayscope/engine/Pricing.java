package io.relayscope.engine;

import io.relayscope.trace.TraceSummary;

/**
 * Optional prices per 1M tokens a model processes (every token it is fed, prompt and catch-up included), and
 * the money a run cost against the LLM answering alone (fed the prompt and the same response once).
 */
public record Pricing(double slmPerMillion, double llmPerMillion) {

    public static final Pricing NONE = new Pricing(0, 0);

    public Pricing {
        if (!(slmPerMillion >= 0) || !(llmPerMillion >= 0)) {
            throw new UserFacingException("prices per 1M tokens must be 0 or more, not " + slmPerMillion + " / " + llmPerMillion);
        }
    }

    public boolean isSet() {
        return slmPerMillion > 0 || llmPerMillion > 0;
    }

    /** What the run cost: tokens each model processed times its price. */
    public double cost(TraceSummary s) {
        return (s.slmCost().fedTokens() * slmPerMillion + s.llmCost().fedTokens() * llmPerMillion) / 1e6;
    }

    /** What the LLM alone would cost for the same prompt and response. */
    public double llmOnlyCost(TraceSummary s) {
        return (double) (s.promptTokens() + s.responseTokens()) * llmPerMillion / 1e6;
    }

    /** 1 - cost / LLM-alone cost; 0 when no LLM price is set. */
    public double saving(TraceSummary s) {
        double alone = llmOnlyCost(s);
        return alone <= 0 ? 0 : 1 - cost(s) / alone;
    }
}
