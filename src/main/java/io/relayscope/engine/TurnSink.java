package io.relayscope.engine;

/**
 * Receives a model's turn of writing, step by step, and steers it. A {@link TurnTaker} calls, for each token:
 * {@link #beforeStep} before the model step (a forward, or the next streamed token), {@link #wantsToken} with the
 * step's scores (unless the token is forced), {@link #awaitTurn}, then {@link #onToken} with the token written.
 * Any of them may throw to stop the run (cancellation).
 */
public interface TurnSink {

    /** Before each model step. */
    default void beforeStep() {
    }

    /** Before an unforced token is chosen: false ends the turn without a token (a policy hands over here). */
    default boolean wantsToken(StepScores scores) {
        return true;
    }

    /** Before each token is chosen (pacing: stepping mode waits here). */
    default void awaitTurn() {
    }

    /** A written token (never end-of-sequence): false ends the turn after it. */
    boolean onToken(WrittenToken token);
}
