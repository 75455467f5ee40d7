package io.relayscope.app.viewmodel;

import io.relayscope.app.model.QueueingListener;
import io.relayscope.app.model.RelayEvent;
import io.relayscope.app.model.SessionTrace;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.Trace;

import java.util.List;

/**
 * The run "Run all" is decoding: the engine's events queued on the decoding thread ({@link #events()}), drained on
 * the UI thread into a growing trace, as the main window streams its run.
 */
final class LiveLane {
    private static final int MAX_EVENTS = 200_000;
    private final QueueingListener events = new QueueingListener();
    private final SessionTrace trace = new SessionTrace();
    private final String label;
    /** The lane it fills, -1 until the run has started. */
    int lane = -1;
    long lastRefresh;

    LiveLane(String label) {
        this.label = label;
    }

    QueueingListener events() {
        return events;
    }

    String label() {
        return label;
    }

    /** Applies the queued events; true when there was any. */
    boolean drain() {
        List<RelayEvent> batch = events.drain(MAX_EVENTS);
        for (RelayEvent e : batch) {
            if (e instanceof RelayEvent.Started s) {
                trace.start(s.header());
            } else if (e instanceof RelayEvent.Token t) {
                trace.addToken(t.token());
            } else if (e instanceof RelayEvent.Call c) {
                trace.addCall(c.call());
            }
            // Finished: the final trace comes back from the background task
        }
        return !batch.isEmpty();
    }

    boolean started() {
        return trace.header() != null;
    }

    /** The growing trace (its lists grow in place). */
    SessionTrace trace() {
        return trace;
    }

    /** The run so far as a valid trace ending "cancelled". */
    Trace partial() {
        return trace.toTrace(FinishReason.CANCELLED, null);
    }
}
