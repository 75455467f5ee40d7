package io.relayscope.app.model;

import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;

/** Buckets the SLM's probability of the token it chose: 0 (p < 0.2, unsure) to 4 (p >= 0.8, sure); -1 when not an SLM token. */
public final class ConfidenceBucket {
    public static final int COUNT = 5;
    public static final String[] LABELS = {"p < 0.2", "0.2-0.4", "0.4-0.6", "0.6-0.8", "p \u2265 0.8"};

    private ConfidenceBucket() {
    }

    public static int of(TokenRecord t) {
        if ((t.source() != Source.SLM && t.source() != Source.COMMAND) || Double.isNaN(t.logprob())) {
            return -1;
        }
        double p = t.probability();
        return Math.max(0, Math.min(COUNT - 1, (int) Math.floor(p * COUNT)));
    }
}
