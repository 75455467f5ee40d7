package io.relayscope.trace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads and writes trace files: JSON, format "relayscope-trace" version 1.x (docs/trace-format.md, schema in
 * trace.schema.json next to this class). Content problems are {@link TraceFormatException}s with one-line
 * messages; writing is atomic.
 */
public final class TraceCodec {

    /** The value of the top-level "format" field. */
    public static final String FORMAT = "relayscope-trace";

    /** Where the JSON Schema of the format lies on the class path. */
    public static final String SCHEMA_RESOURCE = "/io/relayscope/trace/trace.schema.json";

    private TraceCodec() {
    }

    /**
     * Writes the trace atomically: temp file in the same folder, fsync, rename over {@code file}.
     *
     * @throws IllegalArgumentException if the trace is inconsistent or exceeds the read limits (the file would
     *                                  not open again); the old file is then left untouched
     */
    public static void write(Trace trace, Path file) throws IOException {
        writeSession(Session.of(trace), file);
    }

    /**
     * Writes a session atomically: its first run as the file's trace (every 1.x reader opens that), the other runs
     * and the relations under "session" (format 1.2); a session of one run is a plain trace file.
     *
     * @throws IllegalArgumentException if a run or the relations are inconsistent; the old file is then left untouched
     */
    public static void writeSession(Session session, Path file) throws IOException {
        checkWritable(session);
        AtomicFiles.write(file, out -> TraceJsonWriter.write(session, new LimitedOutputStream(out, TraceLimits.DEFAULT.maxDocumentBytes())));
    }

    /** Stops a save whose file would exceed the read limit on the document size (the old file stays). */
    private static final class LimitedOutputStream extends java.io.FilterOutputStream {
        private final long max;
        private long written;

        LimitedOutputStream(java.io.OutputStream out, long max) {
            super(out);
            this.max = max;
        }

        @Override
        public void write(int b) throws IOException {
            count(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            count(len);
            out.write(b, off, len);
        }

        private void count(int n) throws IOException {
            written += n;
            if (written > max) {
                throw new SaveTargetException("cannot save the trace: its file would be more than " + max
                        + " bytes, the limit RelayScope opens; the old file is unchanged");
            }
        }
    }

    /** The trace as JSON text, exactly what {@link #write} puts in a file. */
    public static String writeString(Trace trace) {
        return writeSessionString(Session.of(trace));
    }

    /** The session as JSON text, exactly what {@link #writeSession} puts in a file. */
    public static String writeSessionString(Session session) {
        checkWritable(session);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            TraceJsonWriter.write(session, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Reads a trace file with the default limits. */
    public static Trace read(Path file) throws IOException {
        return read(file, TraceLimits.DEFAULT);
    }

    /** Reads a trace or session file with the default limits; a plain trace is a session of one run. */
    public static Session readSession(Path file) throws IOException {
        return readSession(file, TraceLimits.DEFAULT);
    }

    /** Reads a trace file: a session file's first run. */
    public static Trace read(Path file, TraceLimits limits) throws IOException {
        return readSession(file, limits).runs().get(0);
    }

    /**
     * Reads a trace or session file.
     *
     * @throws TraceFormatException for anything wrong with the content (one-line message)
     * @throws IOException          when the file cannot be read at all (missing, no permission)
     */
    public static Session readSession(Path file, TraceLimits limits) throws IOException {
        String label = SafeJson.label(file);
        try {
            long length = SafeJson.checkSize(file, label, limits);
            JsonFactory factory = SafeJson.factory(limits);
            try (InputStream in = Files.newInputStream(file); JsonParser p = factory.createParser(in)) {
                return TraceJsonReader.read(p, label, limits, length);
            }
        } catch (OutOfMemoryError e) { // the heap budget should stop first; this is the last line
            throw new TraceFormatException(label, "the file is too large for this Java heap of "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MB; open it with more memory, e.g. java -Xmx8g -jar relayscope.jar");
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(file.toString(), null, "permission denied");
        }
    }

    /** Reads a trace from JSON text with the default limits; messages name it "trace". */
    public static Trace readString(String json) {
        return readString(json, "trace", TraceLimits.DEFAULT);
    }

    /** Reads a trace from JSON text; {@code label} names it in messages. */
    public static Trace readString(String json, String label, TraceLimits limits) {
        return readSessionString(json, label, limits).runs().get(0);
    }

    /** Reads a trace or session from JSON text; {@code label} names it in messages. */
    public static Session readSessionString(String json, String label, TraceLimits limits) {
        JsonFactory factory = SafeJson.factory(limits);
        try (JsonParser p = factory.createParser(json)) {
            return TraceJsonReader.read(p, label, limits, json.length());
        } catch (JsonProcessingException e) {
            throw SafeJson.describe(label, e, null, json.length());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Why the trace could not be written (inconsistent, or over a read limit), or null when it can. */
    public static String writeProblem(Trace trace) {
        String problem = TraceValidator.problem(trace);
        return problem != null ? problem : TraceValidator.limitProblem(trace, TraceLimits.DEFAULT);
    }

    private static void checkWritable(Session session) {
        for (Trace t : session.runs()) {
            checkWritable(t);
        }
        String problem = session.problem();
        if (problem != null) {
            throw new IllegalArgumentException("cannot write the session: " + problem);
        }
    }

    private static void checkWritable(Trace trace) {
        String problem = writeProblem(trace);
        if (problem != null) {
            throw new IllegalArgumentException("cannot write the trace: " + problem);
        }
    }
}
