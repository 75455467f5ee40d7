package io.relayscope.app.model;

import io.relayscope.engine.RelayListener;
import io.relayscope.trace.CallRecord;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceHeader;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A relay listener that only enqueues events; the UI drains the queue once per frame. */
public final class QueueingListener implements RelayListener {
    private final ConcurrentLinkedQueue<RelayEvent> queue = new ConcurrentLinkedQueue<>();

    @Override
    public void onStart(TraceHeader header) {
        queue.add(new RelayEvent.Started(header));
    }

    @Override
    public void onToken(TokenRecord token) {
        queue.add(new RelayEvent.Token(token));
    }

    @Override
    public void onCall(CallRecord call) {
        queue.add(new RelayEvent.Call(call));
    }

    @Override
    public void onFinish(Trace trace) {
        queue.add(new RelayEvent.Finished(trace));
    }

    /** Removes and returns up to {@code max} pending events, oldest first. */
    public List<RelayEvent> drain(int max) {
        List<RelayEvent> out = new ArrayList<>();
        RelayEvent e;
        while (out.size() < max && (e = queue.poll()) != null) {
            out.add(e);
        }
        return out;
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }
}
