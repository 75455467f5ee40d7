package io.relayscope.engine;

import io.relayscope.trace.CallRecord;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceHeader;

/** Receives a run's events on the decoding thread, in order: start, prompt and generated tokens, calls, finish. */
public interface RelayListener {

    default void onStart(TraceHeader header) {
    }

    default void onToken(TokenRecord token) {
    }

    /** Sent when a call has finished (the LLM's tokens of the call have already been sent as tokens). */
    default void onCall(CallRecord call) {
    }

    default void onFinish(Trace trace) {
    }

    RelayListener NONE = new RelayListener() {
    };
}
