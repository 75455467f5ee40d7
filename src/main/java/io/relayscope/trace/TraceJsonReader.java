package io.relayscope.trace;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Streams a trace file (any 1.x) into a {@link Trace}, checking types, required fields and limits as it goes. */
final class TraceJsonReader {

    private static final int T_INDEX = 1;
    private static final int T_ID = 2;
    private static final int T_TEXT = 4;
    private static final int T_SOURCE = 8;

    private final JsonInput in;
    private final TraceLimits limits;
    private final HeaderAndSummaryReader runInfo;
    private final HeapBudget heap;

    private TraceJsonReader(JsonParser parser, String label, TraceLimits limits, long length) {
        this.in = new JsonInput(parser, label);
        this.limits = limits;
        this.runInfo = new HeaderAndSummaryReader(in, limits);
        this.heap = HeapBudget.start(label, length);
    }

    /**
     * Reads one trace (with the other runs of its session, if any) from the parser; every problem is a {@link TraceFormatException}. {@code length} is the
     * input's size (bytes or characters), used to tell a cut-off file from a damaged one.
     */
    static Session read(JsonParser parser, String label, TraceLimits limits, long length) throws IOException {
        TraceJsonReader reader = new TraceJsonReader(parser, label, limits, length);
        try {
            return reader.session();
        } catch (JsonProcessingException e) {
            throw SafeJson.describe(label, e, parser, length);
        }
    }

    /** The four parts of one run, top level or inside {@code session.runs}. */
    private final class RunParts {
        TraceHeader header;
        List<TokenRecord> tokens;
        List<CallRecord> calls;
        TraceSummary summary;

        /** Reads the field if it is one of a run's; false for any other name. */
        boolean read(String name) throws IOException {
            switch (name) {
                case "header" -> header = runInfo.header();
                case "tokens" -> tokens = tokens();
                case "calls" -> calls = calls();
                case "summary" -> summary = runInfo.summary();
                default -> {
                    return false;
                }
            }
            return true;
        }

        Trace trace(String version, String where) {
            requireTop(header, where + "header");
            requireTop(tokens, where + "tokens");
            requireTop(calls, where + "calls");
            requireTop(summary, where + "summary");
            TraceHeader h = new TraceHeader(version, header.appVersion(), header.createdAt(), header.prompt(),
                    header.promptText(), header.models(), header.tokenizerSha256(), header.policy(),
                    header.slmSampling(), header.llmSampling(), header.seed(), header.limits(), header.promptSpec(),
                    header.textBridge());
            Trace trace = new Trace(h, tokens, calls, summary);
            String problem = TraceValidator.problem(trace);
            if (problem != null) {
                throw new TraceFormatException(in.label, where.isEmpty() ? problem : where + ": " + problem);
            }
            return trace;
        }
    }

    /** The runs and relations of {@code session} (format 1.2), before they are checked against each other. */
    private static final class SessionParts {
        final List<RunParts> runs = new ArrayList<>();
        final List<BranchLink> branches = new ArrayList<>();
        final List<Integer> compare = new ArrayList<>();
        int shown;
    }

    private Session session() throws IOException {
        JsonToken first = in.parser.nextToken();
        if (first == null) {
            throw new TraceFormatException(in.label, "the file is empty; expected a RelayScope trace (JSON)");
        }
        if (first != JsonToken.START_OBJECT) {
            throw new TraceFormatException(in.label, "the top level should be a JSON object, found "
                    + (first == JsonToken.START_ARRAY ? "an array" : "a single value") + "; this is not a RelayScope trace");
        }
        String format = null;
        String version = null;
        RunParts top = new RunParts();
        SessionParts session = null;
        String name;
        while ((name = in.nextField()) != null) {
            if (top.read(name)) {
                continue;
            }
            switch (name) {
                case "format":
                    format = in.string(false);
                    checkFormat(format);
                    break;
                case "formatVersion":
                    version = in.string(false);
                    FormatVersion.check(in.label, version);
                    break;
                case "session":
                    session = sessionParts();
                    break;
                default:
                    in.skip();
            }
        }
        if (in.parser.nextToken() != null) {
            throw new TraceFormatException(in.label, "unexpected content after the end of the trace at line "
                    + in.parser.currentLocation().getLineNr() + "; the file is damaged");
        }
        if (format == null) {
            throw new TraceFormatException(in.label, "required field 'format' is missing; this is not a RelayScope trace");
        }
        requireTop(version, "formatVersion");
        Trace main = top.trace(version, "");
        if (session == null) {
            return Session.of(main);
        }
        List<Trace> runs = new ArrayList<>();
        runs.add(main);
        for (int i = 0; i < session.runs.size(); i++) {
            runs.add(session.runs.get(i).trace(version, "session.runs[" + i + "]."));
        }
        Session s = new Session(runs, session.branches, session.compare, session.shown);
        String problem = s.problem();
        if (problem != null) {
            throw new TraceFormatException(in.label, "field " + problem);
        }
        return s;
    }

    private SessionParts sessionParts() throws IOException {
        in.expectObject();
        SessionParts s = new SessionParts();
        String name;
        while ((name = in.nextField()) != null) {
            switch (name) {
                case "runs" -> {
                    in.expectArray();
                    while (in.nextElement(s.runs.size(), Session.MAX_RUNS)) {
                        in.expectObject();
                        RunParts run = new RunParts();
                        String field;
                        while ((field = in.nextField()) != null) {
                            if (!run.read(field)) {
                                in.skip();
                            }
                        }
                        s.runs.add(run);
                    }
                }
                case "branches" -> {
                    in.expectArray();
                    while (in.nextElement(s.branches.size(), Session.MAX_RUNS)) {
                        s.branches.add(branchLink());
                    }
                }
                case "compare" -> {
                    in.expectArray();
                    while (in.nextElement(s.compare.size(), Session.MAX_RUNS)) {
                        s.compare.add(in.integer());
                    }
                }
                case "shown" -> s.shown = in.integer();
                default -> in.skip();
            }
        }
        return s;
    }

    private BranchLink branchLink() throws IOException {
        in.expectObject();
        Set<String> seen = new HashSet<>();
        int run = 0;
        int parent = 0;
        int position = 0;
        int tokenId = 0;
        String text = "";
        String name;
        while ((name = in.nextField()) != null) {
            seen.add(name);
            switch (name) {
                case "run" -> run = in.integer();
                case "parent" -> parent = in.integer();
                case "position" -> position = in.integer();
                case "tokenId" -> tokenId = in.integer();
                case "tokenText" -> text = in.string(true);
                default -> in.skip();
            }
        }
        HeaderAndSummaryReader.require(in, seen, "run", "parent", "position", "tokenId");
        return new BranchLink(run, parent, position, tokenId, text);
    }

    private void checkFormat(String format) {
        if (!TraceCodec.FORMAT.equals(format)) {
            throw new TraceFormatException(in.label, "field 'format' is \"" + JsonInput.shorten(format)
                    + "\", not \"" + TraceCodec.FORMAT + "\"; this is not a RelayScope trace "
                    + "(OpenAI, llama.cpp and RelayLLM files are imported, not opened)");
        }
    }

    private void requireTop(Object value, String field) {
        if (value == null) {
            throw new TraceFormatException(in.label, "required field '" + field + "' is missing");
        }
    }

    private List<TokenRecord> tokens() throws IOException {
        in.expectArray();
        List<TokenRecord> tokens = new ArrayList<>();
        while (in.nextElement(tokens.size(), limits.maxTokens())) {
            TokenRecord t = token();
            tokens.add(t);
            heap.add(t, tokens.size());
        }
        return tokens;
    }

    private TokenRecord token() throws IOException {
        in.expectObject();
        int seen = 0;
        int index = 0;
        int id = 0;
        String text = null;
        byte[] bytes = null;
        Source source = null;
        double logprob = Double.NaN;
        double entropy = Double.NaN;
        List<Alternative> alternatives = List.of();
        long latency = 0;
        Optional<ShadowScore> shadow = Optional.empty();
        String name;
        while ((name = in.nextField()) != null) {
            switch (name) {
                case "index" -> {
                    index = in.integer();
                    seen |= T_INDEX;
                }
                case "id" -> {
                    id = in.integer();
                    seen |= T_ID;
                }
                case "text" -> {
                    text = in.string(false);
                    if (text.length() > limits.maxTokenTextChars()) {
                        throw new TraceFormatException(in.label, TraceValidator.tokenTextProblem(in.path(), text.length(), limits));
                    }
                    seen |= T_TEXT;
                }
                case "bytes" -> bytes = bytes();
                case "source" -> {
                    source = in.enumValue(Source.class, false);
                    seen |= T_SOURCE;
                }
                case "logprob" -> logprob = in.real();
                case "entropy" -> entropy = in.real();
                case "alternatives" -> alternatives = alternatives();
                case "latencyUs" -> latency = in.longInteger();
                case "shadow" -> shadow = Optional.of(shadow());
                default -> in.skip();
            }
        }
        if (seen != (T_INDEX | T_ID | T_TEXT | T_SOURCE)) {
            throw in.missing((seen & T_INDEX) == 0 ? "index" : (seen & T_ID) == 0 ? "id"
                    : (seen & T_TEXT) == 0 ? "text" : "source");
        }
        if (bytes == null) {
            bytes = text.getBytes(StandardCharsets.UTF_8);
        }
        return new TokenRecord(index, id, text, bytes, source, logprob, entropy, alternatives, latency, shadow);
    }

    /** [slmLogprob, slmTop, llmLogprob, llmTop] (format 1.1). */
    private ShadowScore shadow() throws IOException {
        in.expectArray();
        double[] v = new double[4];
        int[] ids = new int[2];
        for (int i = 0; i < 4; i++) {
            if (!in.nextElement()) {
                throw in.error("should be [slmLogprob, slmTop, llmLogprob, llmTop], found " + i + " values");
            }
            if (i % 2 == 0) {
                v[i] = in.real();
            } else {
                ids[i / 2] = in.integer();
            }
        }
        while (in.nextElement()) {
            in.skip();
        }
        return new ShadowScore(v[0], ids[0], v[2], ids[1]);
    }

    private byte[] bytes() throws IOException {
        String b64 = in.string(false);
        if (b64.length() > (limits.maxTokenBytes() + 2) / 3 * 4 + 4) {
            throw new TraceFormatException(in.label, TraceValidator.tokenBytesProblem(in.path(), b64.length() / 4 * 3, limits)
                    .replace(" holds ", " holds about "));
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw in.error("is not valid base64 (" + e.getMessage() + ")");
        }
        if (bytes.length > limits.maxTokenBytes()) {
            throw new TraceFormatException(in.label, TraceValidator.tokenBytesProblem(in.path(), bytes.length, limits));
        }
        return bytes;
    }

    private List<Alternative> alternatives() throws IOException {
        in.expectArray();
        List<Alternative> list = new ArrayList<>();
        while (in.nextElement(list.size(), limits.maxAlternatives())) {
            in.expectArray();
            if (!in.nextElement()) {
                throw in.error("should be [id, text, probability], found an empty array");
            }
            int id = in.integer();
            if (!in.nextElement()) {
                throw in.error("should be [id, text, probability], found only an id");
            }
            String text = in.string(true);
            if (text != null && text.length() > limits.maxTokenTextChars()) {
                throw new TraceFormatException(in.label, TraceValidator.tokenTextProblem(in.path(), text.length(), limits));
            }
            if (!in.nextElement()) {
                throw in.error("should be [id, text, probability], found no probability");
            }
            double p = in.real();
            while (in.nextElement()) {
                in.skip();
            }
            list.add(new Alternative(id, text, p));
        }
        return list;
    }

    private List<CallRecord> calls() throws IOException {
        in.expectArray();
        List<CallRecord> calls = new ArrayList<>();
        while (in.nextElement(calls.size(), limits.maxCalls())) {
            in.expectObject();
            Set<String> seen = new HashSet<>();
            int number = 0;
            int position = 0;
            int requested = 0;
            int delivered = 0;
            int llmCatchUp = 0;
            int slmCatchUp = 0;
            long latency = 0;
            String reason = null;
            String name;
            while ((name = in.nextField()) != null) {
                seen.add(name);
                switch (name) {
                    case "number" -> number = in.integer();
                    case "position" -> position = in.integer();
                    case "requested" -> requested = in.integer();
                    case "delivered" -> delivered = in.integer();
                    case "llmCatchUp" -> llmCatchUp = in.integer();
                    case "slmCatchUp" -> slmCatchUp = in.integer();
                    case "latencyUs" -> latency = in.longInteger();
                    case "reason" -> reason = in.string(true);
                    default -> in.skip();
                }
            }
            HeaderAndSummaryReader.require(in, seen, "number", "position", "requested", "delivered");
            calls.add(new CallRecord(number, position, requested, delivered, llmCatchUp, slmCatchUp, latency, reason));
        }
        return calls;
    }
}
