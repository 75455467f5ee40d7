package io.relayscope.app.service;

import java.util.function.LongConsumer;

/**
 * Calls a handler once per frame with the frame's time in nanoseconds, between {@link #start} and {@link #stop}.
 * The app's clock is JavaFX's pulse ({@link FxFrameClock}); tests drive one by hand, without the JavaFX runtime.
 */
public interface FrameClock {

    /** Sets who gets the frames; called once, before the first start. */
    void setHandler(LongConsumer onFrame);

    void start();

    void stop();

    boolean isRunning();
}
