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
import java.util.function.Function;

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

    public CompareViewModel(BackgroundRunner background) {
        this.background = background;
        for (String p : Policies.NAMES) {
            policies.add(new PolicyChoice(p, new SimpleBooleanProperty(DEFAULT_POLICIES.contains(p))));
        }
        hovered.addListener((o, was, now) -> updateDetails());
        selected.addListener((o, was, now) -> updateDetails());
    }

    // ---- lanes ---------------------------------------------------------------------------------------------

    /** Replaces every lane (opened traces, a session's compare set). */
    public void setRuns(List<Lane> runs) {
        lanes.setAll(runs);
        relayout();
    }

    public void add(Lane lane) {
        lanes.add(lane);
        relayout();
    }

    public void remove(int lane) {
        if (lane >= 0 && lane < lanes.size()) {
            lanes.remove(lane);
            relayout();
        }
    }

    public void clear() {
        lanes.clear();
        relayout();
    }

    private void relayout() {
        layout.set(new CompareLayout(lanes.stream().map(Lane::trace).toList()));
        rows.setAll(lanes.stream().map(l -> CompareRow.of(l.label(), l.trace())).toList());
        scroll.set(Math.min(scroll.get(), Math.max(0, layout.get().totalColumns() - 1)));
        if (selected.get() >= layout.get().positions()) {
            selected.set(-1);
        }
        hovered.set(-1);
        version.set(version.get() + 1);
        updateDetails();
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

    /**
     * Answers {@code base}'s prompt under every chosen policy, one after the other in the background (the relay
     * first, so that random-token can be set to its LLM token ratio), each lane added as it finishes.
     * {@code runner} decodes one request on the worker thread; {@code done} runs on the UI thread at the end.
     */
    public void runAll(RelayRequest base, Function<RelayRequest, Trace> runner, Runnable done) {
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

    private void next(RelayRequest base, List<String> order, int i, Function<RelayRequest, Trace> runner, Runnable done) {
        if (i >= order.size()) {
            finish(done, "Ran " + order.size() + " policies on the prompt.");
            return;
        }
        String policy = order.get(i);
        RelayRequest request = new RelayRequest(base.prompt(), spec(policy, base.policy()), base.slmSampling(),
                base.llmSampling(), base.seed(), base.limits(), base.promptStyle());
        status.set(String.format(Locale.ROOT, "Running %s (%d of %d)...", policy, i + 1, order.size()));
        background.run("Compare " + policy, () -> runner.apply(request), trace -> {
            add(new Lane(uniqueLabel(policy), trace));
            if (trace.summary().finishReason() == io.relayscope.trace.FinishReason.CANCELLED) {
                finish(done, "Stopped during " + policy + "; " + lanes.size() + " of " + order.size() + " runs shown.");
                return;
            }
            next(base, order, i + 1, runner, done);
        }, error -> finish(done, policy + " failed: " + Errors.oneLine(error)));
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
