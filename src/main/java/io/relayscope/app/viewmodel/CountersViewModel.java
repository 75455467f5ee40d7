package io.relayscope.app.viewmodel;

import io.relayscope.app.model.CostTally;
import io.relayscope.app.service.SampleQuestions;
import io.relayscope.eval.Answers;
import io.relayscope.app.model.CriticalTally;
import io.relayscope.app.model.RatioHistory;
import io.relayscope.trace.CallRecord;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceHeader;
import io.relayscope.trace.cost.CostMeasure;
import io.relayscope.trace.cost.CostSheet;
import io.relayscope.trace.cost.Prices;
import io.relayscope.trace.cost.RunCounts;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Live cost counters: tokens per model, calls, the LLM token ratio, every cost measure against the LLM alone, tokens/s, ratio history. */
public final class CountersViewModel {
    private final CostTally tally = new CostTally();
    private final RatioHistory history = new RatioHistory();
    private final ReadOnlyLongWrapper promptTokens = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper slmTokens = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper llmTokens = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper commandTokens = new ReadOnlyLongWrapper();
    private final ReadOnlyIntegerWrapper calls = new ReadOnlyIntegerWrapper();
    private final ReadOnlyDoubleWrapper ratio = new ReadOnlyDoubleWrapper();
    private final ObservableList<CostLine> costLines = FXCollections.observableArrayList();
    /** One read-only view, kept: a wrapper nobody holds would be collected with the listeners added to it. */
    private final ObservableList<CostLine> costLinesView = FXCollections.unmodifiableObservableList(costLines);
    private final ObjectProperty<Prices> prices = new SimpleObjectProperty<>(Prices.NONE);
    private final ReadOnlyStringWrapper answerCheck = new ReadOnlyStringWrapper("");
    /** The finished trace whose measured costs are shown once all of it is on screen; null while streaming. */
    private Trace finished;
    private final ReadOnlyDoubleWrapper tokensPerSecond = new ReadOnlyDoubleWrapper();
    private final ReadOnlyIntegerWrapper historyVersion = new ReadOnlyIntegerWrapper();
    private final CriticalTally critical = new CriticalTally();
    private final ReadOnlyStringWrapper criticalText = new ReadOnlyStringWrapper("-");
    private final ReadOnlyStringWrapper criticalRatesText = new ReadOnlyStringWrapper("-");
    private long liveStartNanos = -1;

    /** One cost measure as shown: its name and explanation, the run's value, the LLM alone's, and the saving. */
    public record CostLine(CostMeasure measure, String value, String llmAlone, String saving) {
    }

    /** A finished (or opened) trace: its measured reads and forward passes replace the estimate at its end. */
    void setFinished(Trace trace) {
        finished = trace;
    }

    private final javafx.beans.property.ReadOnlyStringWrapper slmName = new javafx.beans.property.ReadOnlyStringWrapper("SLM");

    /** The name of the SLM row: "SLM", or a one-model trace's model ("gpt-4o-mini"). */
    public javafx.beans.property.ReadOnlyStringProperty slmNameProperty() {
        return slmName.getReadOnlyProperty();
    }

    void reset(TraceHeader header) {
        slmName.set(io.relayscope.app.model.Writers.of(header).shortName(io.relayscope.trace.Source.SLM));
        tally.reset(header);
        critical.clear();
        history.clear();
        liveStartNanos = -1;
        publish();
    }

    /** Tokens/s from the wall clock since {@code nanos} (a live run) instead of summed step latencies. */
    void startLiveClock(long nanos) {
        liveStartNanos = nanos;
    }

    void stopLiveClock() {
        liveStartNanos = -1;
    }

    void add(TokenRecord token) {
        tally.add(token);
        critical.add(token);
        if (token.source() != Source.PROMPT) {
            history.add(tally.ratio());
        }
    }

    void add(CallRecord call) {
        tally.add(call);
        critical.add(call);
    }

    /** Copies the totals into the properties, once per batch. */
    void publish() {
        promptTokens.set(tally.promptTokens());
        slmTokens.set(tally.slmTokens());
        llmTokens.set(tally.llmTokens());
        commandTokens.set(tally.commandTokens());
        calls.set(tally.calls());
        ratio.set(tally.ratio());
        boolean complete = finished != null && tally.promptTokens() + tally.responseTokens() == finished.tokens().size();
        RunCounts counts = complete ? RunCounts.of(finished) : tally.counts(null);
        List<CostLine> lines = new ArrayList<>();
        for (CostSheet.Row r : CostSheet.of(counts, prices.get()).rows()) {
            boolean unknown = r.measure() == CostMeasure.FLOPS && !tally.knowsParameters();
            lines.add(new CostLine(r.measure(), unknown ? "-" : r.measure().format(r.run()),
                    r.measure().hasSaving() && !unknown ? r.measure().format(r.llmAlone()) : "",
                    unknown ? "" : r.saving().map(v -> String.format(Locale.ROOT, "%.1f %%", 100 * v)).orElse("")));
        }
        if (!lines.equals(costLines)) {
            costLines.setAll(lines);
        }
        answerCheck.set(complete ? answerCheck(finished) : "");
        double seconds = liveStartNanos >= 0 ? (System.nanoTime() - liveStartNanos) / 1e9 : tally.generatedMicros() / 1e6;
        tokensPerSecond.set(seconds > 0 ? tally.responseTokens() / seconds : 0);
        historyVersion.set(historyVersion.get() + 1);
        io.relayscope.trace.CriticalTokens c = critical.totals();
        criticalText.set(c.scored() == 0 ? "-" : c.critical() + " of " + c.scored());
        criticalRatesText.set(c.scored() == 0 ? "-" : percent(c.recall()) + " / " + percent(c.precision()));
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.0f %%", 100 * v);
    }

    /** "7 of 41": critical tokens among the scored ones shown so far, "-" without LLM opinion. */
    public ReadOnlyStringProperty criticalTextProperty() {
        return criticalText.getReadOnlyProperty();
    }

    /** "43 % / 100 %": call recall (critical tokens a call covered) and precision (calls spent on one). */
    public ReadOnlyStringProperty criticalRatesTextProperty() {
        return criticalRatesText.getReadOnlyProperty();
    }

    public RatioHistory history() {
        return history;
    }

    public ReadOnlyLongProperty promptTokensProperty() {
        return promptTokens.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty slmTokensProperty() {
        return slmTokens.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty llmTokensProperty() {
        return llmTokens.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty commandTokensProperty() {
        return commandTokens.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty callsProperty() {
        return calls.getReadOnlyProperty();
    }

    /** LLM tokens / (SLM + command + LLM tokens). */
    public ReadOnlyDoubleProperty ratioProperty() {
        return ratio.getReadOnlyProperty();
    }

    /** The cost measures in catalogue order ({@link CostMeasure}), recomputed at each publish. */
    public ObservableList<CostLine> costLines() {
        return costLinesView;
    }

    /** "Answer 3 · expected 3 · ✓ right" for a finished sample question, "Answer 3" for others, "" before the end. */
    public ReadOnlyStringProperty answerCheckProperty() {
        return answerCheck.getReadOnlyProperty();
    }

    static String answerCheck(Trace trace) {
        String answer = Answers.extract(trace.summary().responseText());
        String shown = "Answer " + (answer == null ? "(none)" : answer);
        Optional<String> expected = SampleQuestions.expectedAnswer(trace.header().prompt());
        if (expected.isEmpty()) {
            return shown;
        }
        boolean right = Answers.matches(answer, expected.get());
        return shown + "  ·  expected " + expected.get() + "  ·  " + (right ? "✓ right" : "✗ wrong");
    }

    /** Prices for the money row; {@link Prices#NONE} (the default) leaves the row out. */
    public ObjectProperty<Prices> pricesProperty() {
        return prices;
    }

    public ReadOnlyDoubleProperty tokensPerSecondProperty() {
        return tokensPerSecond.getReadOnlyProperty();
    }

    /** Increments whenever the ratio history changed. */
    public ReadOnlyIntegerProperty historyVersionProperty() {
        return historyVersion.getReadOnlyProperty();
    }
}
