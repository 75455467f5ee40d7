package io.relayscope.trace;

/**
 * One hand-over to the large model. {@code position} is the token index (same numbering as
 * {@link TokenRecord#index()}) of the first token the LLM wrote; {@code reason} names what decided the call
 * ("command" for the SLM's own {@code <call>n</call>}, else the policy and its measurement).
 * {@code llmCatchUp} / {@code slmCatchUp} are the tokens each model had not yet seen and fed in one forward.
 */
public record CallRecord(int number, int position, int requested, int delivered, int llmCatchUp,
                         int slmCatchUp, long latencyMicros, String reason) {
}
