package io.relayscope.app.viewmodel;

import io.relayscope.app.model.CallCaption;
import io.relayscope.app.model.SessionTrace;
import io.relayscope.trace.CallRecord;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceHeader;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The session trace and everything that shows it up to a position k: token lines, timeline, counters and the
 * replay scrubber. Moving forward appends to every view; moving back rebuilds them.
 */
public final class SessionViewModel {
    private final SessionTrace session = new SessionTrace();
    private final TokenViewModel tokens = new TokenViewModel(session);
    private final TimelineViewModel timeline = new TimelineViewModel(session::token, tokens::focus);
    private final CountersViewModel counters = new CountersViewModel();
    private final ReplayViewModel replay = new ReplayViewModel();
    private final ReadOnlyBooleanWrapper hasTrace = new ReadOnlyBooleanWrapper();
    /** While streaming, counters and the scrubber refresh at most this often (the token view every frame). */
    static final long LIVE_REFRESH_NANOS = 100_000_000L;
    private int shownTokens;
    private int shownCalls;
    private boolean syncing;
    private boolean throttled;
    private boolean pending;
    private long lastRefresh;

    /** {@code live} tells whether a run is streaming (then the scrubber does not drive the views). */
    public SessionViewModel(BooleanSupplier live) {
        timeline.setTotal(session::size);
        replay.positionProperty().addListener((o, was, now) -> {
            if (!live.getAsBoolean()) {
                showUpTo(now.intValue());
            }
        });
    }

    /** Starts an empty live session with this header. */
    void start(TraceHeader header) {
        session.start(header);
        resetViews(header);
    }

    void addToken(TokenRecord token) {
        session.addToken(token);
    }

    void addCall(CallRecord call) {
        session.addCall(call);
    }

    /** After a batch of live events: shows everything and keeps the scrubber at the end. */
    void showAllLive() {
        long now = System.nanoTime();
        boolean refresh = now - lastRefresh >= LIVE_REFRESH_NANOS;
        throttled = !refresh;
        try {
            showUpTo(session.size());
        } finally {
            throttled = false;
        }
        pending = !refresh;
        if (refresh) {
            refreshLive(now);
        }
    }

    /** Called every frame while streaming: brings throttled counters and scrubber up to date once due. */
    void flushLive() {
        long now = System.nanoTime();
        if (pending && now - lastRefresh >= LIVE_REFRESH_NANOS) {
            pending = false;
            counters.publish();
            refreshLive(now);
        }
    }

    private void refreshLive(long now) {
        lastRefresh = now;
        replay.setLength(session.size());
        replay.positionProperty().set(session.size());
    }

    /** Takes a run's final trace, rebuilding the views only if it differs from what was streamed (or was scored). */
    void adopt(Trace trace) {
        lastRefresh = 0;
        boolean same = trace.tokens().size() == session.size() && trace.calls().size() == session.calls().size()
                && trace.tokens().stream().noneMatch(t -> t.shadow().isPresent());
        session.load(trace);
        counters.setFinished(trace);
        if (same) {
            showUpTo(session.size());
        } else {
            rebuild(session.size());
        }
        endAtTheEnd();
    }

    /** Shows a complete trace for replay, positioned at its end, the whole timeline in view. */
    public void load(Trace trace) {
        replay.pause();
        session.load(trace);
        counters.setFinished(trace);
        timeline.followProperty().set(false);
        rebuild(session.size());
        timeline.fit();
        endAtTheEnd();
    }

    private void endAtTheEnd() {
        List<ReplayViewModel.Stop> stops = new java.util.ArrayList<>();
        List<CallRecord> calls = session.calls();
        for (CallRecord c : calls) {
            stops.add(new ReplayViewModel.Stop(c.position(), CallCaption.of(c, calls.size(), session::token)));
        }
        int prompt = 0;
        while (prompt < session.size() && session.token(prompt).source() == io.relayscope.trace.Source.PROMPT) {
            prompt++;
        }
        replay.setStops(stops, prompt);
        replay.setLength(session.size());
        replay.positionProperty().set(session.size());
        replay.setEnabled(session.size() > 0);
    }

    /** Empties the session and every view; {@code live} prepares the views for a streaming run. */
    void clear(boolean live) {
        replay.pause();
        session.clear();
        counters.setFinished(null);
        resetViews(null);
        replay.setEnabled(false);
        replay.setStops(List.of(), 0);
        replay.setLength(0);
        replay.positionProperty().set(0);
        hasTrace.set(false);
        if (live) {
            timeline.resetZoom();
            timeline.followProperty().set(true);
            tokens.followNewestProperty().set(true);
        }
    }

    /** Shows tokens [0, k) of the session in every view: appends when moving forward, rebuilds when going back. */
    public void showUpTo(int k) {
        if (syncing) {
            return;
        }
        syncing = true;
        try {
            int target = Math.max(0, Math.min(k, session.size()));
            if (target < shownTokens) {
                resetViews(session.header());
            }
            appendShown(target);
        } finally {
            syncing = false;
        }
    }

    private void rebuild(int k) {
        resetViews(session.header());
        showUpTo(k);
    }

    private void resetViews(TraceHeader header) {
        shownTokens = 0;
        shownCalls = 0;
        tokens.clear();
        tokens.setWriters(io.relayscope.app.model.Writers.of(header));
        timeline.clear();
        counters.reset(header);
    }

    private void appendShown(int target) {
        int from = shownTokens;
        for (int i = from; i < target; i++) {
            TokenRecord t = session.token(i);
            timeline.addToken(t.source());
            counters.add(t);
        }
        tokens.append(from, target);
        shownTokens = target;
        List<CallRecord> calls = session.calls();
        while (shownCalls < calls.size() && calls.get(shownCalls).position() < target) {
            CallRecord c = calls.get(shownCalls++);
            timeline.addCall(c);
            counters.add(c);
        }
        timeline.batchDone();
        if (!throttled) {
            counters.publish();
        }
        hasTrace.set(!session.isEmpty());
    }

    /** The current trace: complete, or valid and partial (ending "cancelled") while running. */
    public Optional<Trace> currentTrace() {
        return session.isEmpty() ? Optional.empty() : Optional.of(session.toTrace(FinishReason.CANCELLED, null));
    }

    public SessionTrace trace() {
        return session;
    }

    public int shownTokens() {
        return shownTokens;
    }

    public TokenViewModel tokens() {
        return tokens;
    }

    public TimelineViewModel timeline() {
        return timeline;
    }

    public CountersViewModel counters() {
        return counters;
    }

    public ReplayViewModel replay() {
        return replay;
    }

    public ReadOnlyBooleanProperty hasTraceProperty() {
        return hasTrace.getReadOnlyProperty();
    }
}
