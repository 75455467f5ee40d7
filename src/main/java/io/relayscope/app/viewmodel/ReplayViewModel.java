package io.relayscope.app.viewmodel;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.List;

/**
 * The replay scrubber: a position k over the trace's tokens, play/pause at a speed in tokens per second, and steps.
 * Playing skips the prompt and, with "pause at calls" on, stops just before the LLM's first token of each call with a
 * caption saying what happens there (for a classroom: press Play to see the LLM write).
 */
public final class ReplayViewModel {
    /** A place where the replay stops: the index of the LLM's first token of a call, and what to say there. */
    public record Stop(int position, String caption) {
    }

    public static final List<Double> SPEEDS = List.of(5.0, 20.0, 100.0, 500.0, 2000.0, 10000.0);

    private final IntegerProperty position = new SimpleIntegerProperty(0);
    private final ReadOnlyIntegerWrapper length = new ReadOnlyIntegerWrapper(0);
    private final BooleanProperty playing = new SimpleBooleanProperty(false);
    private final DoubleProperty speed = new SimpleDoubleProperty(100);
    private final ReadOnlyBooleanWrapper enabled = new ReadOnlyBooleanWrapper(false);
    private final BooleanProperty pauseAtCalls = new SimpleBooleanProperty(true);
    private final ReadOnlyStringWrapper caption = new ReadOnlyStringWrapper("");
    private List<Stop> stops = List.of();
    private int promptLength;
    private double carry;
    private long lastTick = -1;

    public ReplayViewModel() {
        position.addListener((o, was, now) -> {
            int clamped = Math.max(0, Math.min(length.get(), now.intValue()));
            if (clamped != now.intValue()) {
                position.set(clamped);
            }
        });
        playing.addListener((o, was, on) -> {
            lastTick = -1;
            carry = 0;
        });
        position.addListener(o -> updateCaption());
    }

    /** The trace's call stops (sorted by position) and where its response starts. */
    void setStops(List<Stop> stops, int promptLength) {
        this.stops = List.copyOf(stops);
        this.promptLength = promptLength;
        updateCaption();
    }

    private void updateCaption() {
        int k = position.get();
        caption.set(stops.stream().filter(s -> s.position() == k).map(Stop::caption).findFirst().orElse(""));
    }

    /** The first stop after {@code from} up to {@code to}, or -1. */
    private int stopBetween(int from, int to) {
        for (Stop s : stops) {
            if (s.position() > from && s.position() <= to) {
                return s.position();
            }
        }
        return -1;
    }

    void setLength(int n) {
        length.set(n);
    }

    void setEnabled(boolean on) {
        enabled.set(on);
        if (!on) {
            playing.set(false);
        }
    }

    /** Starts playing; from the beginning when at the end. */
    public void play() {
        if (!enabled.get() || length.get() == 0) {
            return;
        }
        if (position.get() >= length.get()) {
            position.set(0);
        }
        if (position.get() < promptLength && promptLength < length.get()) {
            position.set(promptLength); // the prompt is not the show: start where the response starts
        }
        playing.set(true);
    }

    public void pause() {
        playing.set(false);
    }

    public void togglePlay() {
        if (playing.get()) {
            pause();
        } else {
            play();
        }
    }

    public void stepForward() {
        pause();
        position.set(Math.min(length.get(), position.get() + 1));
    }

    /** To the next call's stop (or the end), paused there with its caption. */
    public void nextCall() {
        pause();
        int next = stopBetween(position.get(), length.get());
        position.set(next < 0 ? length.get() : next);
    }

    public void stepBack() {
        pause();
        position.set(Math.max(0, position.get() - 1));
    }

    public void toStart() {
        pause();
        position.set(0);
    }

    public void toEnd() {
        pause();
        position.set(length.get());
    }

    /** Advances the position by speed x elapsed time; called once per frame. */
    void tick(long nowNanos) {
        if (!playing.get()) {
            return;
        }
        if (lastTick < 0) {
            lastTick = nowNanos;
            return;
        }
        carry += speed.get() * (nowNanos - lastTick) / 1e9;
        lastTick = nowNanos;
        int advance = (int) carry;
        if (advance > 0) {
            carry -= advance;
            int next = Math.min(length.get(), position.get() + advance);
            int stop = pauseAtCalls.get() ? stopBetween(position.get(), next) : -1;
            if (stop >= 0) {
                position.set(stop);
                playing.set(false); // the caption explains the call; Play goes on
                return;
            }
            position.set(next);
            if (next >= length.get()) {
                playing.set(false);
            }
        }
    }

    public IntegerProperty positionProperty() {
        return position;
    }

    public ReadOnlyIntegerProperty lengthProperty() {
        return length.getReadOnlyProperty();
    }

    public BooleanProperty playingProperty() {
        return playing;
    }

    public DoubleProperty speedProperty() {
        return speed;
    }

    /** Whether playing stops before each call's LLM tokens (on by default). */
    public BooleanProperty pauseAtCallsProperty() {
        return pauseAtCalls;
    }

    /** What happens at the shown position when it is a call's stop, else "". */
    public ReadOnlyStringProperty captionProperty() {
        return caption.getReadOnlyProperty();
    }

    public List<Stop> stops() {
        return stops;
    }

    public ReadOnlyBooleanProperty enabledProperty() {
        return enabled.getReadOnlyProperty();
    }
}
