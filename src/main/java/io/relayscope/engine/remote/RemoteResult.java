package io.relayscope.engine.remote;

import java.util.List;
import java.util.OptionalInt;

/**
 * How a remote completion ended and what it cost: the tokens (all of them, across resumed attempts), why it
 * stopped, the prompt tokens of the first attempt and how many of them the server took from its cache, and the
 * tokens it says it wrote (usage.completion_tokens over all attempts; -1 when it did not say).
 */
public record RemoteResult(List<RemoteToken> tokens, Finish finish, String stopString, int promptTokens,
                           OptionalInt cachedTokens, int attempts, int completionTokens) {

    public RemoteResult {
        tokens = List.copyOf(tokens);
    }

    /** Why a completion ended. */
    public enum Finish {
        /** The model wrote its end-of-sequence token. */
        END_OF_SEQUENCE,
        /** It wrote max_tokens tokens. */
        LENGTH,
        /** A stop string was written (see stopString). */
        STOP_STRING,
        /** The listener asked to stop. */
        STOPPED_BY_LISTENER
    }
}
