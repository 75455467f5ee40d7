package io.relayscope.eval;

/** The outcome of one problem: the answers, whether they match, what each model wrote, calls and time. */
public record ProblemResult(int index, int line, String question, String expected, String predicted, boolean correct,
                            int slmTokens, int llmTokens, int commandTokens, int calls, String finish,
                            long wallMicros, String response) {

    /** Tokens of the response (SLM + LLM + command). */
    public int responseTokens() {
        return slmTokens + llmTokens + commandTokens;
    }
}
