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

import java.util.List;

/** The replay scrubber: a position k over the trace's tokens, play/pause at a speed in tokens per second, and steps. */
public final class ReplayViewModel {
    public static final List<Double> SPEEDS = List.of(5.0, 20.0, 100.0, 500.0, 2000.0, 10000.0);

    private final IntegerProperty position = new SimpleIntegerProperty(0);
    private final ReadOnlyIntegerWrapper length = new ReadOnlyIntegerWrapper(0);
    private final BooleanProperty playing = new SimpleBooleanProperty(false);
    private final DoubleProperty speed = new SimpleDoubleProperty(100);
    private final ReadOnlyBooleanWrapper enabled = new ReadOnlyBooleanWrapper(false);
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

    public ReadOnlyBooleanProperty enabledProperty() {
        return enabled.getReadOnlyProperty();
    }
}
