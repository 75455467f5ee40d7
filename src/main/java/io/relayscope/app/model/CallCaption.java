package io.relayscope.app.model;

import io.relayscope.trace.Alternative;
import io.relayscope.trace.CallRecord;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;

import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * The replay's caption at a call, for a classroom: who asked for how many tokens and why ("Call 1 of 3: the SLM
 * asks the LLM for 2 tokens (it wrote <call>2</call>); its top probability there was 0.41"), then what the LLM does.
 */
public final class CallCaption {
    private CallCaption() {
    }

    /**
     * The caption of {@code call}, shown when the replay stops just before the LLM's first token; {@code token}
     * gives the trace's tokens by index (the command tokens before the call are read for the SLM's probability).
     */
    public static String of(CallRecord call, int calls, IntFunction<TokenRecord> token) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Call %d of %d: ", call.number(), calls));
        String reason = call.reason() == null ? "" : call.reason();
        if (reason.equals("command") || reason.isEmpty()) {
            sb.append("the SLM asks the LLM for ").append(tokens(call.requested()))
                    .append(" (it wrote <call>").append(call.requested()).append("</call>)");
            commandStart(call, token).ifPresent(first -> sb.append(String.format(Locale.ROOT,
                    "; its top probability there was %.2f", topProbability(first))));
        } else {
            int colon = reason.indexOf(": ");
            String policy = colon > 0 ? reason.substring(0, colon) : reason;
            String why = colon > 0 ? reason.substring(colon + 2) : "";
            sb.append("the ").append(policy).append(" policy calls the LLM for ").append(tokens(call.requested()));
            if (!why.isEmpty()) {
                sb.append(" (").append(why).append(')');
            }
        }
        sb.append(". The LLM ");
        if (call.llmCatchUp() > 0) {
            sb.append("first reads the ").append(tokens(call.llmCatchUp())).append(" it has not seen, in one forward, then ");
        }
        sb.append("writes ").append(call.delivered() != call.requested() ? tokens(call.delivered())
                        : call.delivered() == 1 ? "it" : "them")
                .append(" and hands back.");
        return sb.toString();
    }

    /** The first command token right before the call (the SLM's {@code <call>...</call>}), if the trace has one. */
    private static java.util.Optional<TokenRecord> commandStart(CallRecord call, IntFunction<TokenRecord> token) {
        int i = call.position() - 1;
        TokenRecord first = null;
        while (i >= 0) {
            TokenRecord t = token.apply(i);
            if (t.source() != Source.COMMAND) {
                break;
            }
            first = t;
            i--;
        }
        return java.util.Optional.ofNullable(first);
    }

    /** The SLM's largest probability at a token: its own, or an alternative's when one was likelier. */
    static double topProbability(TokenRecord t) {
        double top = Double.isNaN(t.logprob()) ? 0 : t.probability();
        List<Alternative> alternatives = t.alternatives();
        for (Alternative a : alternatives) {
            top = Math.max(top, a.probability());
        }
        return top;
    }

    private static String tokens(int n) {
        return n == 1 ? "1 token" : n + " tokens";
    }
}
