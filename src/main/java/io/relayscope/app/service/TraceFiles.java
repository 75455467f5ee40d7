package io.relayscope.app.service;

import io.relayscope.engine.DemoModels;
import io.relayscope.trace.Session;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;
import io.relayscope.trace.exporters.CsvExporter;
import io.relayscope.trace.exporters.HtmlExporter;
import io.relayscope.trace.exporters.MarkdownExporter;
import io.relayscope.trace.importers.ImportOptions;
import io.relayscope.trace.importers.Importers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reads and writes trace files through the trace codec, and finds the bundled sample sessions. */
public class TraceFiles {
    /** The extension RelayScope proposes for traces; the installed app is the desktop's handler for it. */
    public static final String EXTENSION = ".relay.json";

    /** The file name without {@value #EXTENSION} or {@code .json}. */
    public static String baseName(String fileName) {
        for (String ext : new String[] {EXTENSION, ".json"}) {
            if (fileName.endsWith(ext)) {
                return fileName.substring(0, fileName.length() - ext.length());
            }
        }
        return fileName;
    }

    public Trace read(Path file) throws Exception {
        return TraceCodec.read(file);
    }

    public void write(Trace trace, Path file) throws Exception {
        TraceCodec.write(trace, file);
    }

    /** A trace or session file; a plain trace is a session of one run. */
    public Session readSession(Path file) throws Exception {
        return TraceCodec.readSession(file);
    }

    /** Writes the session atomically (a session of one run as a plain trace file). */
    public void writeSession(Session session, Path file) throws Exception {
        TraceCodec.writeSession(session, file);
    }

    /** Imports another tool's output (or a RelayScope trace); one trace per completion in the file. */
    public List<Trace> importFile(Path file) throws Exception {
        return Importers.importFile(file, ImportOptions.DEFAULT);
    }

    /** Writes the trace as HTML, Markdown or CSV. */
    public void export(Trace trace, ExportFormat format, Path file) throws Exception {
        switch (format) {
            case HTML -> HtmlExporter.write(trace, file);
            case MARKDOWN -> MarkdownExporter.write(trace, file);
            case CSV -> CsvExporter.write(trace, file);
        }
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
