package io.relayscope.trace.exporters;

import io.relayscope.trace.Alternative;
import io.relayscope.trace.AtomicFiles;
import io.relayscope.trace.CallRecord;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.palette.ColourRole;
import io.relayscope.trace.palette.ThemeColours;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A self-contained HTML page of a trace (no scripts, no external files): every colour, text and frames included, is
 * one of the app's light-theme roles; tokens coloured by source in the app's own
 * light-theme colours ({@link ThemeColours}: SLM blue, LLM vermillion and underlined, command tags as pink chips,
 * prompt grey), a hover title per token with its source, logprob, entropy and the top-5 alternatives, a summary
 * table and the calls.
 */
public final class HtmlExporter {
    private static final ThemeColours COLOURS = ThemeColours.LIGHT;

    /** Tokens written by the small model. */
    public static final String SLM_COLOUR = COLOURS.hex(ColourRole.SLM);
    /** Tokens written by the large model. */
    public static final String LLM_COLOUR = COLOURS.hex(ColourRole.LLM);
    /** Background of command-tag chips. */
    public static final String COMMAND_COLOUR = COLOURS.hex(ColourRole.COMMAND_BG);
    /** The prompt. */
    public static final String PROMPT_COLOUR = COLOURS.hex(ColourRole.PROMPT);

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:64rem;\
            padding:0 1rem;color:%s;background:%s}
            table{border-collapse:collapse;margin:.5rem 0 1.5rem}
            th,td{border:1px solid %s;padding:.2rem .6rem;text-align:left;vertical-align:top}
            th{background:%s}
            .tokens{font-family:ui-monospace,"Cascadia Mono",Menlo,monospace;white-space:pre-wrap;\
            overflow-wrap:anywhere;line-height:1.8;border:1px solid %s;border-radius:6px;padding:1rem;background:%s}
            .prompt{color:%s}
            .slm{color:%s}
            .llm{color:%s;text-decoration:underline;text-decoration-thickness:2px;text-underline-offset:3px}
            .command{color:%s;background:%s;border-radius:.8em;padding:0 .35em;font-size:.85em}
            .legend span{margin-right:1.2rem}
            """.formatted(COLOURS.hex(ColourRole.TEXT), COLOURS.hex(ColourRole.BACKGROUND), COLOURS.hex(ColourRole.BORDER),
            COLOURS.hex(ColourRole.PANEL), COLOURS.hex(ColourRole.GRID), COLOURS.hex(ColourRole.LANE), PROMPT_COLOUR,
            SLM_COLOUR, LLM_COLOUR, COLOURS.hex(ColourRole.COMMAND_TEXT), COMMAND_COLOUR);

    private HtmlExporter() {
    }

    public static String render(Trace trace) {
        StringBuilder sb = new StringBuilder(256 * trace.tokens().size() + 4096);
        String title = trace.header().prompt() == null ? "RelayScope trace" : "RelayScope trace: " + shorten(trace.header().prompt());
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        sb.append("<h1>").append(escape(title)).append("</h1>\n");
        sb.append("<p class=\"legend\"><span class=\"prompt\">prompt</span><span class=\"slm\">small model (SLM)</span>")
                .append("<span class=\"llm\">large model (LLM)</span><span class=\"command\">&lt;call&gt; command</span></p>\n");
        sb.append("<h2>Summary</h2>\n<table class=\"summary\">\n");
        for (String[] row : Cells.summaryRows(trace)) {
            sb.append("<tr><th>").append(escape(row[0])).append("</th><td>").append(escape(row[1])).append("</td></tr>\n");
        }
        sb.append("</table>\n<h2>Tokens</h2>\n<div class=\"tokens\">");
        String[] shown = DisplayText.of(trace.tokens());
        for (int i = 0; i < shown.length; i++) {
            token(sb, trace.tokens().get(i), shown[i]);
        }
        sb.append("</div>\n");
        calls(sb, trace.calls());
        sb.append("</body>\n</html>\n");
        return sb.toString();
    }

    /** Writes the page atomically. */
    public static void write(Trace trace, Path file) throws IOException {
        AtomicFiles.writeString(file, render(trace));
    }

    private static void token(StringBuilder sb, TokenRecord t, String shown) {
        sb.append("<span class=\"").append(t.source().name().toLowerCase(Locale.ROOT)).append("\" title=\"");
        sb.append('#').append(t.index()).append(' ').append(t.source().name());
        if (t.id() >= 0) {
            sb.append(" · id ").append(t.id());
        }
        if (!Double.isNaN(t.logprob())) {
            sb.append(" · logprob ").append(Cells.number(t.logprob(), 4))
                    .append(" (p ").append(Cells.number(t.probability(), 4)).append(')');
        }
        if (!Double.isNaN(t.entropy())) {
            sb.append(" · entropy ").append(Cells.number(t.entropy(), 3));
        }
        if (t.latencyMicros() > 0) {
            sb.append(" · ").append(Cells.number(t.latencyMicros() / 1000.0, 2)).append(" ms");
        }
        byte[] bytes = t.bytes();
        if (!Arrays.equals(bytes, t.text().getBytes(StandardCharsets.UTF_8))) {
            sb.append(" · bytes");
            for (byte b : bytes) {
                sb.append(' ').append(String.format("%02X", b & 0xFF));
            }
        }
        List<Alternative> alts = t.alternatives();
        for (int i = 0; i < Math.min(5, alts.size()); i++) {
            Alternative a = alts.get(i);
            sb.append(i == 0 ? "&#10;top: " : ", ").append(escape(quoted(a.text()))).append(' ')
                    .append(Cells.number(a.probability(), 4));
        }
        sb.append("\">").append(escape(shown)).append("</span>");
    }

    private static void calls(StringBuilder sb, List<CallRecord> calls) {
        if (calls.isEmpty()) {
            return;
        }
        sb.append("<h2>Calls to the large model</h2>\n<table class=\"calls\">\n<tr><th>#</th><th>at token</th>")
                .append("<th>requested</th><th>delivered</th><th>latency</th><th>reason</th></tr>\n");
        for (CallRecord c : calls) {
            sb.append("<tr><td>").append(c.number()).append("</td><td>").append(c.position()).append("</td><td>")
                    .append(c.requested()).append("</td><td>").append(c.delivered()).append("</td><td>")
                    .append(Cells.number(c.latencyMicros() / 1000.0, 1)).append(" ms</td><td>")
                    .append(escape(c.reason() == null ? "" : c.reason())).append("</td></tr>\n");
        }
        sb.append("</table>\n");
    }

    private static String quoted(String s) {
        return "'" + (s == null ? "" : s.replace("\n", "\\n").replace("\t", "\\t")) + "'";
    }

    private static String shorten(String s) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= 80 ? one : one.substring(0, 77) + "...";
    }

    /** Escapes text for HTML content and double- or single-quoted attributes. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
