package io.relayscope.trace;

import java.nio.file.Path;

/** A child process for {@link KillDuringSaveTest}: saves a large trace to args[0] over and over, printing "saved N". */
public final class SaveLoop {
    private SaveLoop() {
    }

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]);
        Trace trace = TraceSamples.large(Integer.parseInt(args[1]), 7);
        for (int i = 1; ; i++) {
            TraceCodec.write(trace, target);
            System.out.println("saved " + i);
            System.out.flush();
        }
    }
}
