package io.relayscope.fuzz;

import io.relayscope.cli.Main;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;
import io.relayscope.trace.TraceFormatException;
import io.relayscope.trace.importers.ImportOptions;
import io.relayscope.trace.importers.Importers;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Mutation fuzzing of the trace reader and every importer through real files. The invariant for each input:
 * either it is rejected with a one-line {@link TraceFormatException} that names the file and a place (a JSON
 * path, a line) or it is accepted, and then it saves, reopens equal, and `inspect` prints it; nothing else may
 * escape (no other exception, no Java Error).
 */
final class TraceFuzzer {

    /** A seed document and how to open it. */
    record Seed(String name, String json, boolean trace) {
    }

    /** Counts of one fuzzing run; {@code escapes} lists the first failures (input file kept). */
    record Report(int cases, int accepted, int rejected, List<String> escapes, long millis, Map<String, Integer> rejectedAt) {
        String line() {
            return cases + " cases: " + accepted + " accepted and round-tripped, " + rejected + " rejected with a one-line error, "
                    + escapes.size() + " escapes (" + millis / 1000.0 + " s); rejections naming " + rejectedAt;
        }
    }

    /** Fields of format 1.1 whose rejections are counted, to show the mutations reach them. */
    static final List<String> COUNTED_FIELDS = List.of("shadow", "promptSpec", "formatVersion");

    /** A place in a message: a quoted JSON path or field, a line number, or the file as a whole. */
    private static final Pattern PLACE = Pattern.compile("'[^']*'|line \\d+|the file|the top level|the document|"
            + "is already a RelayScope trace|unknown content");

    /** Every so many round trips go through a real (fsync'ed, renamed) file; the others through memory. */
    static final int FILE_EVERY = 16;

    private final List<Seed> seeds;
    /** Every so many accepted traces also go through the whole `inspect` command line (a consumer of every field). */
    static final int INSPECT_EVERY = 16;

    private int roundTrips;
    private int opened;
    private final Path dir;

    TraceFuzzer(List<Seed> seeds, Path dir) {
        this.seeds = seeds;
        this.dir = dir;
    }

    Report run(int cases, long seed) throws Exception {
        long start = System.currentTimeMillis();
        Random pick = new Random(seed);
        JsonMutator mutator = new JsonMutator(seed * 7919 + 1);
        int accepted = 0;
        int rejected = 0;
        List<String> escapes = new ArrayList<>();
        Map<String, Integer> rejectedAt = new java.util.LinkedHashMap<>();
        COUNTED_FIELDS.forEach(f -> rejectedAt.put(f, 0));
        for (int i = 0; i < cases; i++) {
            Seed s = seeds.get(pick.nextInt(seeds.size()));
            String input = mutator.mutate(s.json());
            // a new file each time: rewriting one in place makes ext4 flush it to disk on close (auto_da_alloc)
            Path file = dir.resolve("case-" + i + ".json");
            byte[] bytes = input.getBytes(StandardCharsets.UTF_8); // a lone surrogate becomes '?'
            if (bytes.length > 0 && pick.nextInt(8) == 0) {
                bytes[pick.nextInt(bytes.length)] = (byte) (0x80 + pick.nextInt(0x80)); // invalid UTF-8
            }
            Files.write(file, bytes);
            String problem;
            try {
                problem = s.trace() ? openTrace(file) : importFile(file);
                if (problem == null) {
                    accepted++;
                }
            } catch (TraceFormatException e) {
                problem = checkRejection(e, file.getFileName().toString());
                if (problem == null) {
                    rejected++;
                    for (String field : COUNTED_FIELDS) {
                        if (e.detail().contains(field)) {
                            rejectedAt.merge(field, 1, Integer::sum);
                        }
                    }
                }
            } catch (Throwable e) { // the point of the fuzzer: nothing else may come out
                problem = "escaped " + e;
            }
            if (problem != null && escapes.size() < 20) {
                Path kept = dir.resolve("escape-" + i + "-" + s.name());
                Files.copy(file, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                escapes.add("case " + i + " (" + s.name() + ", kept in " + kept + "): " + problem);
            } else if (problem != null) {
                escapes.add("case " + i);
            }
            Files.delete(file);
        }
        return new Report(cases, accepted, rejected, escapes, System.currentTimeMillis() - start, rejectedAt);
    }

    /** Opens a trace file; accepted ones must save, reopen equal and inspect cleanly. Null when all holds. */
    private String openTrace(Path file) throws Exception {
        Trace trace = TraceCodec.read(file);
        String roundTrip = roundTrip(trace);
        if (roundTrip != null) {
            return roundTrip;
        }
        io.relayscope.cli.InspectCommand.describe(trace, file.toString()); // what inspect prints, for every accepted trace
        return opened++ % INSPECT_EVERY == 0 ? inspect(file) : null;
    }

    private String importFile(Path file) throws Exception {
        for (Trace trace : Importers.importFile(file, ImportOptions.DEFAULT)) {
            String problem = roundTrip(trace);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /** Saves (through a file every {@link #FILE_EVERY}th time, else the same writer into memory), reopens, compares. */
    private String roundTrip(Trace trace) throws Exception {
        Trace again;
        try {
            if (roundTrips++ % FILE_EVERY == 0) {
                Path saved = dir.resolve("saved.json");
                TraceCodec.write(trace, saved);
                again = TraceCodec.read(saved);
            } else {
                again = TraceCodec.readString(TraceCodec.writeString(trace));
            }
        } catch (IllegalArgumentException e) {
            return "accepted but cannot be saved: " + e.getMessage();
        } catch (TraceFormatException e) {
            return "accepted and saved, but the saved file does not open: " + e.getMessage();
        }
        // equal, but for the format version: a save writes the current one (an older file is upgraded)
        boolean same = again.tokens().equals(trace.tokens()) && again.calls().equals(trace.calls())
                && again.summary().equals(trace.summary()) && TraceCodec.writeString(again).equals(TraceCodec.writeString(trace));
        return same ? null : "accepted, but the reopened trace differs";
    }

    private String inspect(Path file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(new String[] {"inspect", file.toString()}, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String e = err.toString(StandardCharsets.UTF_8);
        return code == 0 && e.isEmpty() ? null : "accepted, but inspect failed (" + code + "): " + e.strip();
    }

    private static String checkRejection(TraceFormatException e, String label) {
        String m = e.getMessage();
        if (m == null || m.contains("\n") || m.contains("\r")) {
            return "rejected with a message of several lines: " + m;
        }
        if (!m.startsWith(label + ": ")) {
            return "rejected without naming the file: " + m;
        }
        if (!PLACE.matcher(e.detail()).find()) {
            return "rejected without naming a place (JSON path or line): " + m;
        }
        return null;
    }
}
