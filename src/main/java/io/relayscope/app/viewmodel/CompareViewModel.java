package io.relayscope.app.viewmodel;

import io.relayscope.app.model.CompareLayout;
import io.relayscope.app.model.CompareRow;
import io.relayscope.app.model.TokenDetails;
import io.relayscope.app.service.BackgroundRunner;
import io.relayscope.app.service.Errors;
import io.relayscope.engine.Policies;
import io.relayscope.engine.RelayRequest;
import io.relayscope.trace.PolicySpec;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.cost.Prices;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Several runs side by side: one lane per run aligned by response position ({@link CompareLayout}), the first
 * position where they part, one scroll position, hovered and selected position shared by every lane, and a table
 * row per run. "Run all" answers the prompt under each chosen policy, one run after the other.
 */
public final class CompareViewModel {

    /** One run in the comparison. */
    public record Lane(String label, Trace trace) {
    }

    /** A policy "Run all" may use, and whether the user chose it. */
    public record PolicyChoice(String name, BooleanProperty selected) {
    }

    /** What "Run all" starts with chosen: the relay, its baselines at the same budget, and each model alone. */
    public static final List<String> DEFAULT_POLICIES = List.of(Policies.MODEL_COMMAND, Policies.CONFIDENCE,
            Policies.RANDOM_TOKEN, Policies.SLM_ONLY, Policies.LLM_ONLY);

    private final BackgroundRunner background;
    private final ObservableList<Lane> lanes = FXCollections.observableArrayList();
    private final ObservableList<CompareRow> rows = FXCollections.observableArrayList();
    private final ObservableList<PolicyChoice> policies = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<CompareLayout> layout = new ReadOnlyObjectWrapper<>(new CompareLayout(List.of()));
    private final DoubleProperty scroll = new SimpleDoubleProperty(0);
    private final IntegerProperty hovered = new SimpleIntegerProperty(-1);
    private final ReadOnlyIntegerWrapper selected = new ReadOnlyIntegerWrapper(-1);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper("");
    private final ReadOnlyIntegerWrapper version = new ReadOnlyIntegerWrapper();
    private final ObservableList<CompareTimeline> timelines = FXCollections.observableArrayList();
    private double visibleColumns = 80;
    private double timelineWidth = 600;
    private boolean timelinesFitted = true;
    private boolean syncingTimelines;
    private String timelineHover = "";
    private final javafx.beans.property.ObjectProperty<Prices> prices = new javafx.beans.property.SimpleObjectProperty<>(Prices.NONE);

    public CompareViewModel(BackgroundRunner background) {
        this.background = background;
        for (String p : Policies.NAMES) {
            policies.add(new PolicyChoice(p, new SimpleBooleanProperty(DEFAULT_POLICIES.contains(p))));
        }
        hovered.addListener((o, was, now) -> {
            updateDetails();
            markTimelines();
        });
        selected.addListener((o, was, now) -> {
            updateDetails();
            markTimelines();
        });
        scroll.addListener(o -> highlightTimelines());
        prices.addListener(o -> rows.setAll(lanes.stream().map(this::row).toList()));
    }

    private CompareRow row(Lane l) {
        CompareRow r = CompareRow.of(l.label(), l.trace(), prices.get() == null ? Prices.NONE : prices.get());
        boolean decoding = live != null && live.lane >= 0 && live.lane < lanes.size() && lanes.get(live.lane) == l;
        return decoding ? r.decoding() : r;
    }

    /** The per-model prices of the table's money column (the main window's price fields); none: "off". */
    public javafx.beans.property.ObjectProperty<Prices> pricesProperty() {
        return prices;
    }

    // ---- lanes ---------------------------------------------------------------------------------------------

    /** Replaces every lane (opened traces, a session's compare set). */
    public void setRuns(List<Lane> runs) {
        timelinesFitted = true;
        lanes.setAll(runs);
        timelines.setAll(runs.stream().map(l -> timelineOf(l.trace())).toList());
        relayout();
    }

    public void add(Lane lane) {
        lanes.add(lane);
        timelines.add(timelineOf(lane.trace()));
        relayout();
    }

    public void remove(int lane) {
        if (lane >= 0 && lane < lanes.size()) {
            lanes.remove(lane);
            timelines.remove(lane);
            relayout();
        }
    }

    public void clear() {
        timelinesFitted = true;
        lanes.clear();
        timelines.clear();
        relayout();
    }

    private void relayout() {
        relayout(false);
    }

    /**
     * The layout, the table and the timelines after the lanes changed; {@code live}: a lane being decoded grew (the
     * hover, the selection and a zoomed timeline stay; lanes scrolled to their end follow the newest token).
     */
    private void relayout(boolean live) {
        double oldTotal = layout.get().totalColumns();
        boolean atEnd = scroll.get() + visibleColumns >= oldTotal - 1;
        layout.set(new CompareLayout(lanes.stream().map(Lane::trace).toList()));
        rows.setAll(lanes.stream().map(this::row).toList());
        double total = layout.get().totalColumns();
        scroll.set(live && atEnd && total > oldTotal ? Math.max(0, total - visibleColumns)
                : Math.min(scroll.get(), Math.max(0, total - 1)));
        if (selected.get() >= layout.get().positions()) {
            selected.set(-1);
        }
        if (!live) {
            hovered.set(-1);
        }
        if (!live || timelinesFitted) {
            fitTimelines();
        }
        highlightTimelines();
        markTimelines();
        version.set(version.get() + 1);
        updateDetails();
    }

    // ---- each lane's relay timeline (the main window's), one viewport for all ------------------------------

    private CompareTimeline timelineOf(Trace trace) {
        CompareTimeline c = new CompareTimeline(position -> select(position, visibleColumns));
        c.show(trace.tokens(), trace.calls());
        TimelineViewModel t = c.timeline();
        t.setViewportWidth(timelineWidth);
        t.viewStartProperty().addListener(o -> timelineMoved(c));
        t.tokensPerPixelProperty().addListener(o -> timelineMoved(c));
        t.hoveredTokenProperty().addListener((o, was, now) -> hovered.set(now.intValue() < 0 ? -1 : c.positionOf(now.intValue())));
        t.hoveredCallProperty().addListener((o, was, call) -> {
            int lane = timelines.indexOf(c);
            timelineHover = call == null || lane < 0 ? "" : lanes.get(lane).label() + ": " + TokenDetails.describe(call);
            updateDetails();
        });
        return c;
    }

    /** A lane's timeline, zoomed or panned by the user: every other lane's shows the same response positions. */
    private void timelineMoved(CompareTimeline moved) {
        if (syncingTimelines) {
            return;
        }
        timelinesFitted = false;
        TimelineViewModel t = moved.timeline();
        applyTimelineView(t.viewStartProperty().get() - moved.promptTokens(), t.tokensPerPixelProperty().get());
    }

    /** Every lane's timeline from response position {@code start} (negative: into the prompt) at one scale. */
    private void applyTimelineView(double start, double tokensPerPixel) {
        syncingTimelines = true;
        try {
            for (CompareTimeline c : timelines) {
                c.timeline().setView(c.promptTokens() + start, tokensPerPixel);
            }
        } finally {
            syncingTimelines = false;
        }
    }

    /**
     * Every response whole in its lane's timeline, starting at the same x, after the end of its prompt (a drag to
     * the right shows the rest of the prompt).
     */
    public void fitTimelines() {
        int prompt = timelines.stream().mapToInt(CompareTimeline::promptTokens).max().orElse(0);
        int response = timelines.stream().mapToInt(c -> c.tokens() - c.promptTokens()).max().orElse(0);
        int promptShown = Math.min(prompt, Math.max(1, response / 20));
        double tpp = Math.max(1.0 / 40, (promptShown + response) / Math.max(1, timelineWidth - 8));
        timelinesFitted = true;
        applyTimelineView(-promptShown, tpp);
    }

    /** The part of every run the lanes show, boxed on its timeline (brought into view when zoomed in). */
    private void highlightTimelines() {
        CompareLayout l = layout.get();
        if (l.positions() == 0) {
            timelines.forEach(c -> c.timeline().setHighlight(Double.NaN, Double.NaN));
            return;
        }
        int first = Math.max(0, l.positionAt(scroll.get()));
        int last = l.positionAt(Math.min(l.totalColumns() - 1, scroll.get() + visibleColumns));
        int end = (last < 0 ? l.positions() - 1 : last) + 1;
        for (CompareTimeline c : timelines) {
            c.timeline().setHighlight(c.promptTokens() + first, c.promptTokens() + end);
        }
        if (!timelinesFitted && !timelines.isEmpty()) {
            CompareTimeline c = timelines.get(0);
            TimelineViewModel t = c.timeline();
            double start = t.viewStartProperty().get() - c.promptTokens();
            double shown = t.viewportWidth() * t.tokensPerPixelProperty().get();
            if (first < start || end > start + shown) {
                applyTimelineView(end - first > shown ? first : first - (shown - (end - first)) / 2, t.tokensPerPixelProperty().get());
            }
        }
    }

    /** The hovered, else the selected position, else where the runs part, as a line on every timeline. */
    private void markTimelines() {
        int p = hovered.get() >= 0 ? hovered.get() : selected.get() >= 0 ? selected.get() : layout.get().divergence().orElse(-1);
        timelines.forEach(c -> c.mark(p));
    }

    /** The columns (characters) the lanes show, as the view measures them: a click on a timeline scrolls them. */
    public void setVisibleColumns(double columns) {
        if (columns > 0 && columns != visibleColumns) {
            visibleColumns = columns;
            highlightTimelines();
        }
    }

    /** The width in pixels of every lane's timeline (after its gutter). */
    public void setTimelineWidth(double px) {
        if (px > 0 && px != timelineWidth) {
            timelineWidth = px;
            timelines.forEach(c -> c.timeline().setViewportWidth(px));
            if (timelinesFitted) {
                fitTimelines();
            }
            highlightTimelines();
        }
    }

    /** Each lane's relay timeline, in lane order. */
    public ObservableList<CompareTimeline> timelines() {
        return timelines;
    }

    /** slm-only, or "slm-only 2" when the label is taken. */
    public String uniqueLabel(String base) {
        return unique(base, lanes);
    }

    private static String unique(String base, List<Lane> lanes) {
        String label = base;
        for (int n = 2; taken(label, lanes); n++) {
            label = base + " " + n;
        }
        return label;
    }

    private static boolean taken(String label, List<Lane> lanes) {
        return lanes.stream().anyMatch(l -> l.label().equals(label));
    }

    /** Lanes for runs labelled by their policy (confidence, "confidence 2", ...). */
    public static List<Lane> byPolicy(List<Trace> runs) {
        List<Lane> out = new ArrayList<>();
        for (Trace t : runs) {
            String base = t.header().policy() == null || t.header().policy().name() == null ? "run" : t.header().policy().name();
            out.add(new Lane(unique(base, out), t));
        }
        return out;
    }

    // ---- scrolling, hover, selection (one for every lane) ---------------------------------------------------

    /** The first column (characters) in view, shared by every lane. */
    public DoubleProperty scrollProperty() {
        return scroll;
    }

    /** Scrolls every lane by a number of columns, within the runs. */
    public void scrollBy(double columns, double visibleColumns) {
        double max = Math.max(0, layout.get().totalColumns() - visibleColumns);
        scroll.set(Math.max(0, Math.min(max, scroll.get() + columns)));
    }

    /** The hovered response position (-1: none); every lane marks it. */
    public IntegerProperty hoveredProperty() {
        return hovered;
    }

    public ReadOnlyIntegerProperty selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** Selects a position in every lane and scrolls it into view of {@code visibleColumns}. */
    public void select(int position, double visibleColumns) {
        CompareLayout l = layout.get();
        if (position < 0 || position >= l.positions()) {
            selected.set(-1);
            return;
        }
        selected.set(position);
        double start = l.start(position);
        double end = start + l.width(position);
        if (start < scroll.get()) {
            scroll.set(Math.max(0, start - 2));
        } else if (end > scroll.get() + visibleColumns) {
            scroll.set(Math.max(0, end - visibleColumns + 2));
        }
    }

    /** Selects the first position where the runs part, if they do. */
    public void selectDivergence(double visibleColumns) {
        layout.get().divergence().ifPresent(d -> select(d, visibleColumns));
    }

    private void updateDetails() {
        if (!timelineHover.isEmpty()) {
            details.set(timelineHover);
            return;
        }
        int p = hovered.get() >= 0 ? hovered.get() : selected.get();
        details.set(p < 0 ? divergenceText() : positionText(p));
    }

    private String divergenceText() {
        CompareLayout l = layout.get();
        if (lanes.size() < 2) {
            return lanes.isEmpty() ? "" : "Add another run to compare.";
        }
        return l.divergence().map(d -> "The runs part at response token #" + d + " (marked); hover a token to see every lane there.")
                .orElse("The runs are the same token for token.");
    }

    /** "#8: slm-only "7" SLM p 0.61 · confidence "5" LLM p 0.93 · ...". */
    String positionText(int p) {
        StringBuilder sb = new StringBuilder("#").append(p).append(":");
        CompareLayout l = layout.get();
        for (int i = 0; i < lanes.size(); i++) {
            TokenRecord t = l.token(i, p);
            sb.append(i == 0 ? "  " : "  \u00b7  ").append(lanes.get(i).label()).append(' ');
            if (t == null) {
                sb.append("(ended)");
            } else {
                sb.append(TokenDetails.quote(t.text())).append(' ').append(t.source());
                if (!Double.isNaN(t.logprob())) {
                    sb.append(String.format(Locale.ROOT, " p %.2f", Math.exp(t.logprob())));
                }
            }
        }
        return sb.toString();
    }

    // ---- run all -------------------------------------------------------------------------------------------

    public ObservableList<PolicyChoice> policies() {
        return policies;
    }

    /** Decodes one request on the worker thread, streaming its events to the listener. */
    @FunctionalInterface
    public interface Runner {
        Trace run(RelayRequest request, io.relayscope.engine.RelayListener events);
    }

    /** While a lane streams, the layout, divergence and table follow it at most this often (its timeline every frame). */
    static final long LIVE_REFRESH_NANOS = 100_000_000L;
    private LiveLane live;
    private Runnable onLaneDone = () -> { };

    /**
     * Answers {@code base}'s prompt under every chosen policy, one after the other in the background (the relay
     * first, so that random-token can be set to its LLM token ratio). Each run's lane fills as its tokens are decoded
     * ({@link #drainLive()}, once a frame); {@code done} runs on the UI thread at the end.
     */
    public void runAll(RelayRequest base, Runner runner, Runnable done) {
        List<String> chosen = policies.stream().filter(c -> c.selected().get()).map(PolicyChoice::name).toList();
        if (chosen.isEmpty() || running.get()) {
            status.set(chosen.isEmpty() ? "Choose at least one policy." : status.get());
            return;
        }
        List<String> order = new ArrayList<>(chosen);
        if (order.remove(Policies.MODEL_COMMAND)) {
            order.add(0, Policies.MODEL_COMMAND);
        }
        clear();
        running.set(true);
        next(base, order, 0, runner, done);
    }

    private void next(RelayRequest base, List<String> order, int i, Runner runner, Runnable done) {
        if (i >= order.size()) {
            finish(done, "Ran " + order.size() + " policies on the prompt" + pairOfLanes() + ".");
            return;
        }
        String policy = order.get(i);
        RelayRequest request = new RelayRequest(base.prompt(), spec(policy, base.policy()), base.slmSampling(),
                base.llmSampling(), base.seed(), base.limits(), base.promptStyle());
        status.set(String.format(Locale.ROOT, "Running %s (%d of %d)...", policy, i + 1, order.size()));
        LiveLane lane = new LiveLane(uniqueLabel(policy));
        live = lane;
        background.run("Compare " + policy, () -> runner.run(request, lane.events()), trace -> {
            laneFinished(lane, trace);
            if (trace.summary().finishReason() == io.relayscope.trace.FinishReason.CANCELLED) {
                finish(done, "Stopped during " + policy + "; " + lanes.size() + " of " + order.size() + " runs shown.");
                return;
            }
            next(base, order, i + 1, runner, done);
        }, error -> {
            laneFailed(lane);
            finish(done, policy + " failed: " + Errors.oneLine(error));
        });
    }

    /**
     * Brings the lane being decoded up to date with its queued tokens (call it once a frame, on the UI thread): its
     * timeline at once, its tokens, the divergence and its table row at most every {@link #LIVE_REFRESH_NANOS}.
     */
    public void drainLive() {
        LiveLane lane = live;
        if (lane == null || !lane.drain() || !lane.started()) {
            return;
        }
        long now = System.nanoTime();
        if (lane.lane < 0) {
            Trace partial = lane.partial();
            lanes.add(new Lane(lane.label(), partial));
            timelines.add(timelineOf(partial));
            lane.lane = lanes.size() - 1;
            lane.lastRefresh = now;
            relayout(true);
            return;
        }
        timelines.get(lane.lane).show(lane.trace().tokens(), lane.trace().calls());
        if (timelinesFitted) {
            fitTimelines();
        }
        highlightTimelines();
        if (now - lane.lastRefresh >= LIVE_REFRESH_NANOS) {
            lane.lastRefresh = now;
            lanes.set(lane.lane, new Lane(lane.label(), lane.partial()));
            relayout(true);
        }
    }

    /** The run's final trace takes the place of its streamed lane. */
    private void laneFinished(LiveLane lane, Trace trace) {
        lane.drain();
        live = null;
        if (lane.lane < 0) {
            lanes.add(new Lane(lane.label(), trace));
            timelines.add(timelineOf(trace));
        } else {
            lanes.set(lane.lane, new Lane(lane.label(), trace));
            timelines.get(lane.lane).show(trace.tokens(), trace.calls());
        }
        relayout(true);
        onLaneDone.run();
    }

    /** A run that failed leaves no lane. */
    private void laneFailed(LiveLane lane) {
        live = null;
        if (lane.lane >= 0) {
            remove(lane.lane);
        }
    }

    /** Runs on the UI thread after each run of "Run all" has taken its lane (the app autosaves the session then). */
    public void setOnLaneDone(Runnable r) {
        onLaneDone = r == null ? () -> { } : r;
    }

    /** Whether a lane is being decoded. */
    public boolean isStreaming() {
        return live != null;
    }

    /**
     * " with SLM + LLM": the pair the lanes were decoded with (the pair loaded when Run all started; opening a trace
     * recorded with another pair may have loaded that one), so that a lane is never read as another pair's run.
     */
    private String pairOfLanes() {
        if (lanes.isEmpty()) {
            return "";
        }
        var models = lanes.get(lanes.size() - 1).trace().header().models();
        return models.isEmpty() ? "" : " with " + String.join(" + ", models.stream().map(m -> m.name()).toList());
    }

    private void finish(Runnable done, String message) {
        running.set(false);
        status.set(message);
        done.run();
    }

    /**
     * The policy's parameters: those of the settings when they are for the same policy, random-token at the
     * relay's LLM token ratio when the relay has run, else the defaults.
     */
    private PolicySpec spec(String policy, PolicySpec settings) {
        if (Policies.RANDOM_TOKEN.equals(policy)) {
            for (Lane l : lanes) {
                if (l.trace().header().policy() != null && Policies.MODEL_COMMAND.equals(l.trace().header().policy().name())) {
                    return randomTokenAtRatio(l.trace());
                }
            }
        }
        if (settings != null && policy.equals(settings.name())) {
            return settings;
        }
        Map<String, Double> params = new LinkedHashMap<>();
        if (Policies.CONFIDENCE.equals(policy)) {
            params.put(Policies.THRESHOLD, Policies.DEFAULTS.get(Policies.THRESHOLD));
            params.put(Policies.CALL_TOKENS, Policies.DEFAULTS.get(Policies.CALL_TOKENS));
        } else if (Policies.RANDOM_TOKEN.equals(policy) || Policies.RANDOM_QUERY.equals(policy)) {
            params.put("p", Policies.DEFAULTS.get("p"));
            if (Policies.RANDOM_TOKEN.equals(policy)) {
                params.put(Policies.CALL_TOKENS, Policies.DEFAULTS.get(Policies.CALL_TOKENS));
            }
        }
        return new PolicySpec(policy, params);
    }

    /**
     * random-token with the relay's tokens per call n and p such that the expected LLM token ratio is the relay's
     * r: a call after each SLM token with probability p writes n tokens, so r = pn / (1 + pn) and p = r / (n (1 - r)).
     */
    public static PolicySpec randomTokenAtRatio(Trace relay) {
        int calls = relay.summary().calls();
        int n = calls == 0 ? 1 : Math.max(1, Math.round((float) relay.summary().llmTokens() / calls));
        double r = relay.summary().llmTokenRatio();
        double p = r >= 1 ? 1 : Math.min(1, r / (n * (1 - r)));
        Map<String, Double> params = new LinkedHashMap<>();
        params.put("p", p);
        params.put(Policies.CALL_TOKENS, (double) n);
        return new PolicySpec(Policies.RANDOM_TOKEN, params);
    }

    // ---- accessors -----------------------------------------------------------------------------------------

    public ObservableList<Lane> lanes() {
        return lanes;
    }

    public ObservableList<CompareRow> rows() {
        return rows;
    }

    public ReadOnlyObjectProperty<CompareLayout> layoutProperty() {
        return layout.getReadOnlyProperty();
    }

    public CompareLayout layout() {
        return layout.get();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The line under the lanes: every lane's token at the hovered (else selected) position, or where they part. */
    public ReadOnlyStringProperty detailsProperty() {
        return details.getReadOnlyProperty();
    }

    /** Counts every change of the lanes (the view redraws on it). */
    public ReadOnlyIntegerProperty versionProperty() {
        return version.getReadOnlyProperty();
    }
}
