package io.relayscope.trace.exporters;

import io.relayscope.trace.AtomicFiles;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.palette.ColourRole;
import io.relayscope.trace.palette.ThemeColours;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Tokens as CSV (RFC 4180 quoting, one line per token, prompt included):
 * {@code index,id,source,text,logprob,entropy,latency_us,colour}; NaN values are empty cells; {@code colour} is the
 * writer's colour in the app's light theme ({@link ThemeColours}), for a spreadsheet's conditional format.
 */
public final class CsvExporter {

    /** The header line's columns. */
    public static final String HEADER = "index,id,source,text,logprob,entropy,latency_us,colour";

    private CsvExporter() {
    }

    public static String render(Trace trace) {
        StringBuilder sb = new StringBuilder(64 * (trace.tokens().size() + 1));
        sb.append(HEADER).append("\r\n");
        for (TokenRecord t : trace.tokens()) {
            sb.append(t.index()).append(',').append(t.id()).append(',').append(t.source().name()).append(',');
            quote(sb, t.text());
            sb.append(',').append(real(t.logprob())).append(',').append(real(t.entropy())).append(',')
                    .append(t.latencyMicros()).append(',').append(ThemeColours.LIGHT.hex(ColourRole.of(t.source()))).append("\r\n");
        }
        return sb.toString();
    }

    /** Writes the CSV atomically. */
    public static void write(Trace trace, Path file) throws IOException {
        AtomicFiles.writeString(file, render(trace));
    }

    private static String real(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static void quote(StringBuilder sb, String s) {
        boolean needs = s.isEmpty() || s.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')
                || Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1));
        if (!needs) {
            sb.append(s);
            return;
        }
        sb.append('"').append(s.replace("\"", "\"\"")).append('"');
    }
}
