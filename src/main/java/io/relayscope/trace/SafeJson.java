package io.relayscope.trace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jackson set up for untrusted files: size and nesting limits, duplicate keys rejected, and every Jackson error
 * turned into a one-line {@link TraceFormatException} that names the file and the JSON path.
 */
public final class SafeJson {

    private static final Pattern NUMBERS = Pattern.compile("\\((\\d+)\\)[^(]*\\((\\d+)");

    private static final int NEAR_END = 80;
    private static final Pattern UNRECOGNIZED = Pattern.compile("Unrecognized token '([^']*)'");

    private SafeJson() {
    }

    /** A JSON factory that enforces the given limits and rejects duplicate keys. */
    public static JsonFactory factory(TraceLimits limits) {
        return JsonFactory.builder()
                .streamReadConstraints(limits.streamReadConstraints())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .build();
    }

    /** Reads a whole (small) file as a tree under the given limits; errors come back as one-line messages. */
    public static JsonNode readTree(Path file, TraceLimits limits) throws IOException {
        String label = label(file);
        long length = checkSize(file, label, limits);
        ObjectMapper mapper = new ObjectMapper(factory(limits));
        try (InputStream in = Files.newInputStream(file); JsonParser p = mapper.getFactory().createParser(in)) {
            try {
                JsonNode node = mapper.readTree(p);
                if (node == null || node.isMissingNode()) {
                    throw new TraceFormatException(label, "the file is empty; expected a JSON document");
                }
                if (p.nextToken() != null) {
                    throw new TraceFormatException(label, "unexpected content after the end of the JSON document at line "
                            + p.currentLocation().getLineNr() + "; the file is damaged");
                }
                return node;
            } catch (JsonProcessingException e) {
                throw describe(label, e, p, length);
            }
        }
    }

    /** The name shown in messages for a file: its last path element. */
    public static String label(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }

    /** Rejects a file larger than the document limit before reading a byte of it; returns its size. */
    static long checkSize(Path file, String label, TraceLimits limits) throws IOException {
        long size = Files.size(file);
        if (size > limits.maxDocumentBytes()) {
            throw new TraceFormatException(label, "the file is " + size + " bytes, more than the limit of "
                    + limits.maxDocumentBytes() + " bytes; it is not a trace RelayScope can open");
        }
        return size;
    }

    /** The JSON path of the parser's current position, such as {@code tokens[3].source}; empty at the top. */
    public static String path(JsonStreamContext context) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                if (c.hasCurrentIndex()) {
                    parts.add("[" + c.getCurrentIndex() + "]");
                }
            } else if (c.getCurrentName() != null) {
                parts.add("." + c.getCurrentName());
            }
        }
        Collections.reverse(parts);
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path;
    }

    /**
     * Turns a Jackson parsing error into a one-line message naming the file, the place and what went wrong.
     * {@code length} is the input's length in bytes (or characters for text input), -1 if unknown: a syntax error
     * within the last few characters of the input means the input was cut off.
     */
    public static TraceFormatException describe(String label, JsonProcessingException e, JsonParser p, long length) {
        String where = p == null ? "" : path(p.getParsingContext());
        if (p != null && (p.currentToken() == JsonToken.FIELD_NAME) && where.isEmpty()) {
            where = p.getParsingContext().getCurrentName();
        }
        String field = where.isEmpty() ? "" : " in field '" + where + "'";
        JsonLocation loc = e.getLocation() != null ? e.getLocation() : p == null ? null : p.currentLocation();
        String at = loc == null || loc.getLineNr() < 0 ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        String original = firstLine(e.getOriginalMessage());
        if (e instanceof StreamConstraintsException) {
            return new TraceFormatException(label, constraintMessage(original, where, at), e);
        }
        long offset = loc == null ? -1 : Math.max(loc.getByteOffset(), loc.getCharOffset());
        // a cut-off number or literal ("1.", "fals") is reported at its start, at most one number's length from the end
        boolean atEnd = length >= 0 && offset >= 0 && length - offset <= NEAR_END
                && p != null && p.currentToken() != null && !foreignWord(original);
        if (e instanceof JsonEOFException || original.contains("end-of-input") || atEnd) {
            return new TraceFormatException(label, "the file ends unexpectedly" + at + field
                    + "; it is truncated (cut off while being written or copied): record or export it again", e);
        }
        if (e instanceof InputCoercionException) {
            return new TraceFormatException(label, "number out of range" + field + at + ": " + original, e);
        }
        return new TraceFormatException(label, "not valid JSON" + at + field + ": " + original
                + "; the file is damaged or is not JSON", e);
    }

    private static String constraintMessage(String original, String where, String at) {
        String field = where.isEmpty() ? "a value" : "field '" + where + "'";
        Matcher m = NUMBERS.matcher(original);
        String limit = m.find() ? m.group(2) : "?";
        String tail = "; this is not a file RelayScope wrote, or it was tampered with";
        if (original.startsWith("String value length")) {
            return field + at + " is longer than the limit of " + limit + " characters" + tail;
        }
        if (original.startsWith("Name length")) {
            return "a field name" + (where.isEmpty() ? "" : " in '" + where + "'") + at + " is longer than the limit of "
                    + limit + " characters" + tail;
        }
        if (original.startsWith("Number value length")) {
            return field + at + " has a number longer than the limit of " + limit + " digits" + tail;
        }
        if (original.contains("nesting depth")) {
            return field + at + " is nested deeper than the limit of " + limit + " levels" + tail;
        }
        if (original.startsWith("Document length")) {
            return "the document is longer than the limit of " + limit + " bytes" + tail;
        }
        return field + at + ": " + original + tail;
    }

    /** An "Unrecognized token" that is not the start of null, true or false: garbage, not a cut-off literal. */
    private static boolean foreignWord(String message) {
        Matcher m = UNRECOGNIZED.matcher(message);
        if (!m.find()) {
            return false;
        }
        String word = m.group(1);
        return !("null".startsWith(word) || "true".startsWith(word) || "false".startsWith(word));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
