package io.relayscope.app.service;

import io.relayscope.engine.DemoModels;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reads and writes trace files through the trace codec, and finds the bundled sample sessions. */
public class TraceFiles {

    public Trace read(Path file) throws Exception {
        return TraceCodec.read(file);
    }

    public void write(Trace trace, Path file) throws Exception {
        TraceCodec.write(trace, file);
    }

    /** The sample-sessions folder next to the assets folder, or in the working directory. */
    public Path sampleSessionsDir() {
        Path besideAssets = DemoModels.assetsDir().toAbsolutePath().getParent();
        if (besideAssets != null && Files.isDirectory(besideAssets.resolve("sample-sessions"))) {
            return besideAssets.resolve("sample-sessions");
        }
        return Path.of("sample-sessions").toAbsolutePath();
    }

    /** The bundled sample traces (*.json), sorted by name; empty when there are none. */
    public List<Path> sampleSessions() {
        Path dir = sampleSessionsDir();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
