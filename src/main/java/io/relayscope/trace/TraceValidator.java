package io.relayscope.trace;

import java.util.List;

/**
 * Consistency rules a trace must keep to be written or read: tokens numbered 0..n-1 in order with the prompt
 * first, call positions inside the token range, and summary counts equal to what the tokens and calls hold.
 */
final class TraceValidator {

    private TraceValidator() {
    }

    /** The first broken rule as "field 'path' ..." text, or null when the trace is consistent. */
    static String problem(Trace trace) {
        if (trace.header() == null) {
            return "field 'header' is missing";
        }
        if (trace.summary() == null) {
            return "field 'summary' is missing";
        }
        List<TokenRecord> tokens = trace.tokens();
        int[] counts = new int[Source.values().length];
        boolean response = false;
        for (int i = 0; i < tokens.size(); i++) {
            TokenRecord t = tokens.get(i);
            if (t.index() != i) {
                return "field 'tokens[" + i + "].index' is " + t.index() + ", expected " + i
                        + " (tokens are numbered 0, 1, 2, ... in order)";
            }
            if (t.source() == Source.PROMPT && response) {
                return "field 'tokens[" + i + "].source' is PROMPT after response tokens; prompt tokens come first";
            }
            response |= t.source() != Source.PROMPT;
            counts[t.source().ordinal()]++;
        }
        List<CallRecord> calls = trace.calls();
        for (int i = 0; i < calls.size(); i++) {
            int position = calls.get(i).position();
            if (position < 0 || position > tokens.size()) {
                return "field 'calls[" + i + "].position' is " + position + ", outside the " + tokens.size()
                        + " tokens of the trace (0.." + tokens.size() + ")";
            }
        }
        TraceSummary s = trace.summary();
        String mismatch = count("promptTokens", s.promptTokens(), counts[Source.PROMPT.ordinal()], "PROMPT tokens");
        mismatch = mismatch != null ? mismatch : count("slmTokens", s.slmTokens(), counts[Source.SLM.ordinal()], "SLM tokens");
        mismatch = mismatch != null ? mismatch : count("llmTokens", s.llmTokens(), counts[Source.LLM.ordinal()], "LLM tokens");
        mismatch = mismatch != null ? mismatch
                : count("commandTokens", s.commandTokens(), counts[Source.COMMAND.ordinal()], "COMMAND tokens");
        return mismatch != null ? mismatch : count("calls", s.calls(), calls.size(), "entries in 'calls'");
    }

    /** Limits a writer must respect so that the file it writes can be read back with the default limits. */
    static String limitProblem(Trace trace, TraceLimits limits) {
        if (trace.tokens().size() > limits.maxTokens()) {
            return "the trace has " + trace.tokens().size() + " tokens, more than the limit of " + limits.maxTokens();
        }
        if (trace.calls().size() > limits.maxCalls()) {
            return "the trace has " + trace.calls().size() + " calls, more than the limit of " + limits.maxCalls();
        }
        if (trace.header() != null && trace.header().models().size() > limits.maxModels()) {
            return "the header lists more than " + limits.maxModels() + " models";
        }
        for (TokenRecord t : trace.tokens()) {
            if (t.text().length() > limits.maxTokenTextChars() || t.alternatives().size() > limits.maxAlternatives()
                    || t.bytes().length > limits.maxTokenBytes()) {
                return "token " + t.index() + " is longer than " + limits.maxTokenTextChars()
                        + " characters or has more than " + limits.maxAlternatives() + " alternatives";
            }
        }
        String[] strings = trace.header() == null ? new String[0] : new String[] {trace.header().prompt(),
                trace.header().promptText(), trace.summary() == null ? null : trace.summary().responseText()};
        for (String s : strings) {
            if (s != null && s.length() > limits.maxStringChars()) {
                return "a text of the trace is longer than the limit of " + limits.maxStringChars() + " characters";
            }
        }
        return null;
    }

    private static String count(String field, int declared, int actual, String what) {
        return declared == actual ? null
                : "field 'summary." + field + "' is " + declared + " but the trace holds " + actual + " " + what;
    }
}
