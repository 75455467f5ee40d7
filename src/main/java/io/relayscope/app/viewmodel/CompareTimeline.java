package io.relayscope.app.viewmodel;

import io.relayscope.trace.CallRecord;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;

import java.util.List;
import java.util.function.IntConsumer;

/**
 * One compare lane's relay timeline: the main window's {@link TimelineViewModel} over the lane's run (fed all at once,
 * or token by token while Run all decodes it), the token marked where the compare lanes hover or select, and where
 * its response starts (response position 0 of the lanes is token {@link #promptTokens()} of the run).
 */
public final class CompareTimeline {
    private final TimelineViewModel timeline;
    private final ReadOnlyIntegerWrapper marked = new ReadOnlyIntegerWrapper(-1);
    private List<TokenRecord> tokens = List.of();
    private int prompt;
    private int shownTokens;
    private int shownCalls;

    /** {@code focusPosition} gets the response position of a token clicked on the timeline. */
    CompareTimeline(IntConsumer focusPosition) {
        timeline = new TimelineViewModel(i -> tokens.get(i), t -> focusPosition.accept(t - prompt));
        timeline.followProperty().set(false); // the compare view model sets the viewport of every lane together
    }

    /** Shows the run's tokens and calls: appends what is new (a run being decoded), rebuilds when it is shorter. */
    void show(List<TokenRecord> runTokens, List<CallRecord> calls) {
        if (runTokens.size() < shownTokens || calls.size() < shownCalls) {
            timeline.clear();
            shownTokens = 0;
            shownCalls = 0;
        }
        tokens = runTokens;
        for (int i = shownTokens; i < runTokens.size(); i++) {
            timeline.addToken(runTokens.get(i).source());
        }
        shownTokens = runTokens.size();
        for (int i = shownCalls; i < calls.size(); i++) {
            timeline.addCall(calls.get(i));
        }
        shownCalls = calls.size();
        int p = 0;
        while (p < runTokens.size() && runTokens.get(p).source() == Source.PROMPT) {
            p++;
        }
        prompt = p;
        timeline.batchDone();
    }

    /** Marks the token at a response position (-1: none). */
    void mark(int position) {
        marked.set(position < 0 ? -1 : prompt + position);
    }

    /** The response position of a token of the run, or -1 for a prompt token or one beyond the run. */
    int positionOf(int token) {
        return token >= prompt && token < shownTokens ? token - prompt : -1;
    }

    public TimelineViewModel timeline() {
        return timeline;
    }

    /** The run's prompt tokens (its response starts at this token). */
    public int promptTokens() {
        return prompt;
    }

    public int tokens() {
        return shownTokens;
    }

    /** The token the compare lanes hover (else select) in this run, -1 when none. */
    public ReadOnlyIntegerProperty markedProperty() {
        return marked.getReadOnlyProperty();
    }
}
