package io.relayscope.app.service;

import javafx.animation.AnimationTimer;

import java.util.function.LongConsumer;

/** The JavaFX pulse as a {@link FrameClock}. */
public final class FxFrameClock implements FrameClock {
    private LongConsumer handler = now -> { };
    private boolean running;
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            handler.accept(now);
        }
    };

    @Override
    public void setHandler(LongConsumer onFrame) {
        handler = onFrame;
    }

    @Override
    public void start() {
        if (!running) {
            running = true;
            timer.start();
        }
    }

    @Override
    public void stop() {
        if (running) {
            running = false;
            timer.stop();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
