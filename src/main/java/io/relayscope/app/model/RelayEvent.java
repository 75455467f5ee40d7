package io.relayscope.app.model;

import io.relayscope.trace.CallRecord;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceHeader;

/** An engine event carried from the decoding thread to the UI thread through a queue. */
public sealed interface RelayEvent {

    /** The run started with this header. */
    record Started(TraceHeader header) implements RelayEvent {
    }

    /** A prompt or generated token. */
    record Token(TokenRecord token) implements RelayEvent {
    }

    /** A finished call to the large model. */
    record Call(CallRecord call) implements RelayEvent {
    }

    /** The run ended with this complete trace. */
    record Finished(Trace trace) implements RelayEvent {
    }
}
