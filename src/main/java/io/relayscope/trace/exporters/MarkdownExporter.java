package io.relayscope.trace.exporters;

import io.relayscope.trace.AtomicFiles;
import io.relayscope.trace.CallRecord;
import io.relayscope.trace.Source;
import io.relayscope.trace.Trace;

import java.io.IOException;
import java.nio.file.Path;

/** A Markdown summary of a trace: the prompt, a table of counts and costs, the calls, and the response. */
public final class MarkdownExporter {

    private MarkdownExporter() {
    }

    public static String render(Trace trace) {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("# RelayScope trace\n\n");
        if (trace.header().prompt() != null) {
            sb.append("**Prompt:** ").append(cell(trace.header().prompt())).append("\n\n");
        }
        sb.append("| | |\n|---|---|\n");
        for (String[] row : Cells.summaryRows(trace)) {
            sb.append("| ").append(cell(row[0])).append(" | ").append(cell(row[1])).append(" |\n");
        }
        if (!trace.calls().isEmpty()) {
            sb.append("\n## Calls to the large model\n\n| # | at token | requested | delivered | latency (ms) | reason |\n")
                    .append("|---:|---:|---:|---:|---:|---|\n");
            for (CallRecord c : trace.calls()) {
                sb.append("| ").append(c.number()).append(" | ").append(c.position()).append(" | ").append(c.requested())
                        .append(" | ").append(c.delivered()).append(" | ").append(Cells.number(c.latencyMicros() / 1000.0, 1))
                        .append(" | ").append(cell(c.reason() == null ? "" : c.reason())).append(" |\n");
            }
        }
        sb.append(bySource(trace));
        String response = responseText(trace);
        String fence = fence(response);
        sb.append("\n## Response\n\n").append(fence).append("text\n").append(response)
                .append(response.endsWith("\n") ? "" : "\n").append(fence).append('\n');
        return sb.toString();
    }

    /** Writes the summary atomically. */
    public static void write(Trace trace, Path file) throws IOException {
        AtomicFiles.writeString(file, render(trace));
    }

    /**
     * Who wrote what: the response as runs of tokens from one source (SLM, LLM, command), one table row each, so a
     * reader without colours still sees every hand-over.
     */
    private static String bySource(Trace trace) {
        String[] shown = DisplayText.of(trace.tokens());
        StringBuilder sb = new StringBuilder("\n## Who wrote what\n\n| # | written by | text |\n|---:|---|---|\n");
        int row = 0;
        int i = 0;
        var tokens = trace.tokens();
        while (i < tokens.size()) {
            Source source = tokens.get(i).source();
            if (source == Source.PROMPT) {
                i++;
                continue;
            }
            StringBuilder text = new StringBuilder();
            while (i < tokens.size() && tokens.get(i).source() == source) {
                text.append(shown[i]);
                i++;
            }
            String label = switch (source) {
                case SLM -> "SLM";
                case LLM -> "**LLM**";
                case COMMAND -> "command";
                default -> source.name();
            };
            sb.append("| ").append(++row).append(" | ").append(label).append(" | `")
                    .append(cell(text.toString()).replace("`", "\u02CB")).append("` |\n");
        }
        return row == 0 ? "" : sb.toString();
    }

    /** The response as it reads: the response tokens' bytes decoded together. */
    private static String responseText(Trace trace) {
        String[] shown = DisplayText.of(trace.tokens());
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shown.length; i++) {
            if (trace.tokens().get(i).source() != Source.PROMPT) {
                sb.append(shown[i]);
            }
        }
        return sb.toString();
    }

    /** A table cell: one line, pipes escaped. */
    private static String cell(String s) {
        return s.replace("\\", "\\\\").replace("|", "\\|").replaceAll("[\\r\\n]+", " ");
    }

    /** A backtick fence longer than any run of backticks inside the text. */
    private static String fence(String text) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return "`".repeat(Math.max(3, longest + 1));
    }
}
