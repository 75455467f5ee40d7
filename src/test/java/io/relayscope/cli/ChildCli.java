package io.relayscope.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real CLI (or another main class of the test class path) in a child JVM, so that tests can send it signals or kill it. */
public final class ChildCli implements AutoCloseable {
    private final Process process;
    private final StringBuffer out = new StringBuffer();
    private final StringBuffer err = new StringBuffer();

    private final List<Thread> drains = new ArrayList<>();

    private ChildCli(Process process) {
        this.process = process;
        drains.add(drain(process.getInputStream(), out));
        drains.add(drain(process.getErrorStream(), err));
    }

    /** Starts {@code java [jvmOptions] -cp <test class path> mainClass args}. */
    public static ChildCli start(List<String> jvmOptions, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Dai.djl.offline=true");
        cmd.add("-DOPT_OUT_TRACKING=true");
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return new ChildCli(new ProcessBuilder(cmd).start());
    }

    /** Starts the CLI's main class with the given arguments and the given heap. */
    static ChildCli cli(String xmx, String... args) throws IOException {
        return start(List.of("-Xmx" + xmx), Main.class.getName(), args);
    }

    private static Thread drain(InputStream in, StringBuffer into) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    into.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "child-drain");
        t.setDaemon(true);
        t.start();
        return t;
    }

    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    public String out() {
        return out.toString();
    }

    public String err() {
        return err.toString();
    }

    /** Waits until stdout has at least {@code chars} characters (or the process ends); false on timeout. */
    public boolean awaitOutput(int chars, long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + timeoutMillis * 1_000_000;
        while (out.length() < chars && process.isAlive() && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        return out.length() >= chars;
    }

    /** Whether the child still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Sends a signal with kill(1): "INT", "TERM", "HUP", "KILL". */
    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** Waits for the exit status; fails after the timeout (and kills the child). */
    public int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child did not exit within " + seconds + " s; stderr: " + err);
        }
        for (Thread drain : drains) {
            drain.join(10_000); // the last bytes: a pipe ends when the process has exited
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
