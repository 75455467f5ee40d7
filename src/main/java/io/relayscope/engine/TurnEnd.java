package io.relayscope.engine;

/** Why a model's turn of writing ended. */
public enum TurnEnd {
    /** The sink asked to stop (a call decided before a token, or a command completed by one). */
    STOPPED,
    /** The model wrote its end-of-sequence token (not delivered to the sink). */
    END_OF_SEQUENCE,
    /** The model wrote as many tokens as it was allowed. */
    LIMIT
}
