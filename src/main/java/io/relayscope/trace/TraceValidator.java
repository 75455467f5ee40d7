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

    /**
     * The first place where the trace exceeds a read limit, in the words the reader uses for the same problem (so
     * that what cannot be saved is exactly what could not be opened again), or null.
     */
    static String limitProblem(Trace trace, TraceLimits limits) {
        String p = entries("tokens", trace.tokens().size(), limits.maxTokens());
        p = p != null ? p : entries("calls", trace.calls().size(), limits.maxCalls());
        TraceHeader h = trace.header();
        if (p == null && h != null) {
            p = entries("header.models", h.models().size(), limits.maxModels());
            p = p != null ? p : text("header.appVersion", h.appVersion(), limits);
            p = p != null ? p : text("header.createdAt", h.createdAt(), limits);
            p = p != null ? p : text("header.prompt", h.prompt(), limits);
            p = p != null ? p : text("header.promptText", h.promptText(), limits);
            p = p != null ? p : text("header.tokenizerSha256", h.tokenizerSha256(), limits);
            if (p == null && h.textBridge().isPresent()) {
                p = text("header.textBridge.llmTokenizerSha256", h.textBridge().get().llmTokenizerSha256(), limits);
                p = p != null ? p : text("header.textBridge.llmPromptText", h.textBridge().get().llmPromptText(), limits);
            }
            for (int i = 0; p == null && i < h.models().size(); i++) {
                ModelRef m = h.models().get(i);
                String at = "header.models[" + i + "].";
                p = text(at + "role", m.role(), limits);
                p = p != null ? p : text(at + "name", m.name(), limits);
                p = p != null ? p : text(at + "path", m.path(), limits);
                p = p != null ? p : text(at + "sha256", m.sha256(), limits);
            }
            if (p == null && h.policy() != null) {
                p = text("header.policy.name", h.policy().name(), limits);
                p = p != null ? p : entries("header.policy.parameters", h.policy().parameters().size(), limits.maxPolicyParameters());
                for (String key : h.policy().parameters().keySet()) {
                    if (p == null && key.length() > limits.maxNameChars()) {
                        p = "a field name in 'header.policy.parameters' is longer than the limit of " + limits.maxNameChars()
                                + " characters (" + key.length() + ")";
                    }
                }
            }
        }
        for (int i = 0; p == null && i < trace.tokens().size(); i++) {
            p = tokenProblem(trace.tokens().get(i), "tokens[" + i + "]", limits);
        }
        for (int i = 0; p == null && i < trace.calls().size(); i++) {
            p = text("calls[" + i + "].reason", trace.calls().get(i).reason(), limits);
        }
        if (p == null && trace.summary() != null) {
            p = text("summary.error", trace.summary().error(), limits);
            p = p != null ? p : text("summary.responseText", trace.summary().responseText(), limits);
        }
        return p;
    }

    private static String tokenProblem(TokenRecord t, String at, TraceLimits limits) {
        String p = tokenText(at + ".text", t.text(), limits);
        if (p == null && t.bytes().length > limits.maxTokenBytes()) {
            p = tokenBytesProblem(at + ".bytes", t.bytes().length, limits);
        }
        p = p != null ? p : entries(at + ".alternatives", t.alternatives().size(), limits.maxAlternatives());
        for (int k = 0; p == null && k < t.alternatives().size(); k++) {
            p = tokenText(at + ".alternatives[" + k + "][1]", t.alternatives().get(k).text(), limits);
        }
        return p;
    }

    /** "field 'tokens[3].bytes' holds 65537 bytes, more than the limit of 65536 bytes for one token". */
    static String tokenBytesProblem(String path, int bytes, TraceLimits limits) {
        return "field '" + path + "' holds " + bytes + " bytes, more than the limit of " + limits.maxTokenBytes()
                + " bytes for one token";
    }

    /** "field 'tokens[3].text' is 70000 characters long, more than the limit of 65536 characters for one token". */
    static String tokenTextProblem(String path, int chars, TraceLimits limits) {
        return "field '" + path + "' is " + chars + " characters long, more than the limit of " + limits.maxTokenTextChars()
                + " characters for one token";
    }

    private static String tokenText(String path, String text, TraceLimits limits) {
        return text != null && text.length() > limits.maxTokenTextChars() ? tokenTextProblem(path, text.length(), limits) : null;
    }

    private static String text(String path, String text, TraceLimits limits) {
        return text != null && text.length() > limits.maxStringChars()
                ? "field '" + path + "' is " + text.length() + " characters long, more than the limit of "
                + limits.maxStringChars() + " characters"
                : null;
    }

    private static String entries(String path, int count, int max) {
        return count > max ? "field '" + path + "' has more than " + max + " entries (the limit)" : null;
    }

    private static String count(String field, int declared, int actual, String what) {
        return declared == actual ? null
                : "field 'summary." + field + "' is " + declared + " but the trace holds " + actual + " " + what;
    }
}
