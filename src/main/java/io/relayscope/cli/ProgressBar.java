package io.relayscope.cli;

import io.relayscope.eval.EvalProgress;
import io.relayscope.eval.ProblemResult;

import java.io.PrintStream;
import java.util.Locale;

/** An evaluation progress bar on stderr: redrawn in place on a terminal, one line per evaluation otherwise. */
final class ProgressBar implements EvalProgress {
    private static final int WIDTH = 30;
    private final PrintStream err;
    private final boolean inPlace;
    private final boolean enabled;
    private String label = "";
    private int correct;
    private long llm;
    private long all;
    private long started;
    private long lastDraw;

    ProgressBar(PrintStream err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
        this.inPlace = System.console() != null;
    }

    @Override
    public void start(String label, int total) {
        this.label = label;
        correct = 0;
        llm = 0;
        all = 0;
        started = System.nanoTime();
        lastDraw = 0;
        if (enabled && inPlace) {
            draw(0, total);
        }
    }

    @Override
    public void problem(int done, int total, ProblemResult r) {
        if (r.correct()) {
            correct++;
        }
        llm += r.llmTokens();
        all += r.responseTokens();
        long now = System.nanoTime();
        if (enabled && inPlace && (done == total || now - lastDraw > 100_000_000L)) {
            lastDraw = now;
            draw(done, total);
        } else if (enabled && !inPlace && done == total) {
            err.println(status(done, total));
        }
    }

    @Override
    public void finish() {
        if (enabled && inPlace) {
            err.println();
        }
        err.flush();
    }

    private void draw(int done, int total) {
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
        err.print("\r[" + bar + "] " + status(done, total) + "\u001b[K");
        err.flush();
    }

    private String status(int done, int total) {
        double secs = (System.nanoTime() - started) / 1e9;
        return String.format(Locale.ROOT, "%s %d/%d | accuracy %.1f%% | LLM token ratio %.1f%% | %.1f s", label, done, total,
                done == 0 ? 0.0 : 100.0 * correct / done, all == 0 ? 0.0 : 100.0 * llm / all, secs);
    }
}
