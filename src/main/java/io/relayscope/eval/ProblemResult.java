package io.relayscope.eval;

import io.relayscope.trace.CriticalTokens;

/**
 * The outcome of one problem: the answers, whether they match, what each model wrote, calls and time; with
 * {@code eval --shadow} its critical tokens ({@link CriticalTokens#NONE} otherwise).
 */
public record ProblemResult(int index, int line, String question, String expected, String predicted, boolean correct,
                            int slmTokens, int llmTokens, int commandTokens, int calls, String finish,
                            long wallMicros, String response, CriticalTokens critical) {

    public ProblemResult(int index, int line, String question, String expected, String predicted, boolean correct,
                         int slmTokens, int llmTokens, int commandTokens, int calls, String finish,
                         long wallMicros, String response) {
        this(index, line, question, expected, predicted, correct, slmTokens, llmTokens, commandTokens, calls, finish,
                wallMicros, response, CriticalTokens.NONE);
    }

    /** Tokens of the response (SLM + LLM + command). */
    public int responseTokens() {
        return slmTokens + llmTokens + commandTokens;
    }
}
