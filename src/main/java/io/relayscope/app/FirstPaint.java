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

    /**
     * Where the CPU went: the Java threads that used the most (ms), and the rest of the process (JIT compilers, GC
     * and the VM's own threads, which the thread bean does not list).
     */
    private static String threadCpu(long processMs) {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        java.util.Map<String, Long> byName = new java.util.TreeMap<>();
        long javaMs = 0;
        for (java.lang.management.ThreadInfo info : bean.getThreadInfo(bean.getAllThreadIds())) {
            long ns = info == null ? -1 : bean.getThreadCpuTime(info.getThreadId());
            if (ns > 0) {
                byName.merge(info.getThreadName().replaceAll("[\\s-]*\\d+$", ""), ns / 1_000_000, Long::sum);
                javaMs += ns / 1_000_000;
            }
        }
        StringBuilder sb = new StringBuilder();
        byName.entrySet().stream().sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                .forEach(e -> sb.append(e.getKey().replace(' ', '_')).append('=').append(e.getValue()).append(' '));
        return sb.append("other(JIT,GC,VM)=").append(processMs - javaMs).toString();
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
                System.out.println("first-paint threads " + threadCpu(cpu));
                System.out.flush();
                // halt: the probe measures start-up only, and GTK's window teardown on a virtual display can crash
                Runtime.getRuntime().halt(0);
            }
        }.start();
    }
}
