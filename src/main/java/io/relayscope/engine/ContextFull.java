package io.relayscope.engine;

import java.util.Locale;

/**
 * Thrown when a sequence would pass its model's position limit (max_position_embeddings, genai context_length);
 * a relay run ends with {@link io.relayscope.trace.FinishReason#CONTEXT_FULL} and this message.
 */
public final class ContextFull extends RuntimeException {
    private final int positions;

    ContextFull(String model, int positions) {
        super(String.format(Locale.ROOT, "context full at %,d positions (%s)", positions, model), null, false, false);
        this.positions = positions;
    }

    public int positions() {
        return positions;
    }
}
