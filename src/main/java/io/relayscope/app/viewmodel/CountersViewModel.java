package io.relayscope.app.viewmodel;

import io.relayscope.app.model.CostTally;
import io.relayscope.app.model.RatioHistory;
import io.relayscope.app.model.TokenDetails;
import io.relayscope.trace.CallRecord;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.TraceHeader;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.Locale;

/** Live cost counters: tokens per model, calls, LLM token ratio, estimated cost and saving, tokens/s, ratio history. */
public final class CountersViewModel {
    private final CostTally tally = new CostTally();
    private final RatioHistory history = new RatioHistory();
    private final ReadOnlyLongWrapper promptTokens = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper slmTokens = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper llmTokens = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper commandTokens = new ReadOnlyLongWrapper();
    private final ReadOnlyIntegerWrapper calls = new ReadOnlyIntegerWrapper();
    private final ReadOnlyDoubleWrapper ratio = new ReadOnlyDoubleWrapper();
    private final ReadOnlyStringWrapper costText = new ReadOnlyStringWrapper("-");
    private final ReadOnlyStringWrapper savingText = new ReadOnlyStringWrapper("-");
    private final ReadOnlyStringWrapper llmAloneText = new ReadOnlyStringWrapper("-");
    private final ReadOnlyDoubleWrapper tokensPerSecond = new ReadOnlyDoubleWrapper();
    private final ReadOnlyIntegerWrapper historyVersion = new ReadOnlyIntegerWrapper();
    private long liveStartNanos = -1;

    void reset(TraceHeader header) {
        tally.reset(header);
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
        if (token.source() != Source.PROMPT) {
            history.add(tally.ratio());
        }
    }

    void add(CallRecord call) {
        tally.add(call);
    }

    /** Copies the totals into the properties, once per batch. */
    void publish() {
        promptTokens.set(tally.promptTokens());
        slmTokens.set(tally.slmTokens());
        llmTokens.set(tally.llmTokens());
        commandTokens.set(tally.commandTokens());
        calls.set(tally.calls());
        ratio.set(tally.ratio());
        if (tally.knowsParameters()) {
            costText.set(TokenDetails.compact(tally.relayFlops()) + "FLOP");
            savingText.set(String.format(Locale.ROOT, "%.1f %%", 100 * tally.saving()));
            llmAloneText.set(TokenDetails.compact(tally.llmOnlyFlops()) + "FLOP");
        } else {
            costText.set("-");
            savingText.set("-");
            llmAloneText.set("-");
        }
        double seconds = liveStartNanos >= 0 ? (System.nanoTime() - liveStartNanos) / 1e9 : tally.generatedMicros() / 1e6;
        tokensPerSecond.set(seconds > 0 ? tally.responseTokens() / seconds : 0);
        historyVersion.set(historyVersion.get() + 1);
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

    public ReadOnlyStringProperty costTextProperty() {
        return costText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty savingTextProperty() {
        return savingText.getReadOnlyProperty();
    }

    /** Estimated FLOPs of the LLM alone writing the same response. */
    public ReadOnlyStringProperty llmAloneTextProperty() {
        return llmAloneText.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty tokensPerSecondProperty() {
        return tokensPerSecond.getReadOnlyProperty();
    }

    /** Increments whenever the ratio history changed. */
    public ReadOnlyIntegerProperty historyVersionProperty() {
        return historyVersion.getReadOnlyProperty();
    }
}
