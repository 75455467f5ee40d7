package io.relayscope.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One graph of a model folder the user can run: its precision, the .onnx file, the external data files its
 * initializers point to (read from the graph), and the bytes of all of them together.
 */
public record ModelVariant(Precision precision, Path graph, List<Path> externalData, long bytes) {

    public ModelVariant {
        externalData = List.copyOf(externalData);
    }

    /** The name the user picks it by ({@code --slm-variant q4}). */
    public String name() {
        return precision.key();
    }

    /** "q4 (412 MB)": what a drop-down shows. */
    public String label() {
        return name() + " (" + humanBytes(bytes) + ")";
    }

    static String humanBytes(long bytes) {
        if (bytes < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
        }
        if (bytes < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }
}
