package io.relayscope.trace;

import java.util.List;

/**
 * A run's critical tokens (where the models' top choices differ, from the tokens' {@link ShadowScore}s) against
 * its calls: {@code covered} critical tokens were written by the LLM (a call covered them); a call is
 * {@code atCritical} when a critical token lies in its span, from its first token over max(delivered, 1) tokens,
 * that is when it was spent at or just before one. Counts add up over a dataset.
 *
 * @param scored response tokens with shadow scores (SLM and LLM tokens; command tokens are not scored)
 */
public record CriticalTokens(int scored, int critical, int covered, int calls, int atCritical) {
    public static final CriticalTokens NONE = new CriticalTokens(0, 0, 0, 0, 0);

    public static CriticalTokens of(Trace trace) {
        List<TokenRecord> tokens = trace.tokens();
        int scored = 0;
        int critical = 0;
        int covered = 0;
        for (TokenRecord t : tokens) {
            if (t.shadow().isPresent()) {
                scored++;
                if (t.critical()) {
                    critical++;
                    if (t.source() == Source.LLM) {
                        covered++;
                    }
                }
            }
        }
        int at = 0;
        for (CallRecord c : trace.calls()) {
            int end = Math.min(tokens.size(), c.position() + Math.max(1, c.delivered()));
            for (int i = Math.max(0, c.position()); i < end; i++) {
                if (tokens.get(i).critical()) {
                    at++;
                    break;
                }
            }
        }
        return new CriticalTokens(scored, critical, covered, trace.calls().size(), at);
    }

    public CriticalTokens plus(CriticalTokens o) {
        return new CriticalTokens(scored + o.scored, critical + o.critical, covered + o.covered, calls + o.calls,
                atCritical + o.atCritical);
    }

    /** Share of critical tokens a call covered (NaN without critical tokens). */
    public double recall() {
        return critical == 0 ? Double.NaN : (double) covered / critical;
    }

    /** Share of calls spent at or just before a critical token (NaN without calls). */
    public double precision() {
        return calls == 0 ? Double.NaN : (double) atCritical / calls;
    }
}
