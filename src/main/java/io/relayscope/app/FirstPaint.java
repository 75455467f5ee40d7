package io.relayscope.app;

import javafx.animation.AnimationTimer;
import javafx.stage.Stage;

import java.lang.management.ManagementFactory;

/**
 * The start-up benchmark's probe: with {@code -Drelayscope.exitAfterFirstPaint=true} the app prints, once the main
 * window has rendered its second frame (so the first one is on screen), the wall-clock time and the time since the
 * JVM started, then exits. {@code src/packaging/startup-bench.sh} runs the packaged launcher with it.
 */
final class FirstPaint {
    static final String PROPERTY = "relayscope.exitAfterFirstPaint";

    private FirstPaint() {
    }

    static void reportIfAsked(Stage stage) {
        if (!Boolean.getBoolean(PROPERTY)) {
            return;
        }
        new AnimationTimer() {
            private int frames;

            @Override
            public void handle(long now) {
                if (!stage.isShowing() || ++frames < 2) {
                    return;
                }
                stop();
                long wall = System.currentTimeMillis();
                long sinceJvm = wall - ManagementFactory.getRuntimeMXBean().getStartTime();
                long cpu = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis()).orElse(-1L);
                System.out.println("first-paint epoch-ms " + wall + " since-jvm-start-ms " + sinceJvm + " cpu-ms " + cpu);
                System.out.flush();
                // halt: the probe measures start-up only, and GTK's window teardown on a virtual display can crash
                Runtime.getRuntime().halt(0);
            }
        }.start();
    }
}
