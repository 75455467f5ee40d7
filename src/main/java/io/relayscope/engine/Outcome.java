package io.relayscope.engine;

import io.relayscope.trace.FinishReason;

/** Where a step of the decode loop leads: decoding goes on, or the answer is finished for a reason. */
sealed interface Outcome permits Outcome.GoOn, Outcome.Finished {
    Outcome GO_ON = new GoOn();

    static Outcome finished(FinishReason reason) {
        return new Finished(reason);
    }

    /** Decoding goes on. */
    record GoOn() implements Outcome {
    }

    /** The answer is finished. */
    record Finished(FinishReason reason) implements Outcome {
    }
}
