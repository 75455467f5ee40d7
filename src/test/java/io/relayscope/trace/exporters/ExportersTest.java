package io.relayscope.trace.exporters;

import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceSamples;
import io.relayscope.trace.palette.ColourRole;
import io.relayscope.trace.palette.ThemeColours;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ExportersTest {

    @TempDir
    Path dir;

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void htmlColoursEveryTokenBySourceWithTheOkabeItoPalette() {
        Trace trace = TraceSamples.small();

        String html = HtmlExporter.render(trace);

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<meta charset=\"utf-8\">").endsWith("</html>\n");
        assertThat(html).doesNotContain("<script").doesNotContain("src=").doesNotContain("href=");
        // the app's own colours, from the one palette
        assertThat(html).contains(".slm{color:" + ThemeColours.LIGHT.hex(ColourRole.SLM) + "}")
                .containsPattern("\\.llm\\{color:" + ThemeColours.LIGHT.hex(ColourRole.LLM) + ";text-decoration:underline")
                .containsPattern("\\.command\\{[^}]*background:" + ThemeColours.LIGHT.hex(ColourRole.COMMAND_BG))
                .contains(".prompt{color:" + ThemeColours.LIGHT.hex(ColourRole.PROMPT) + "}");
        assertThat(count(html, "<span class=\"prompt\" title=")).isEqualTo(3);
        assertThat(count(html, "<span class=\"slm\" title=")).isEqualTo(4);
        assertThat(count(html, "<span class=\"llm\" title=")).isEqualTo(2);
        assertThat(count(html, "<span class=\"command\" title=")).isEqualTo(3);
        assertThat(html).contains("<span class=\"command\" title=\"#5 COMMAND · id 27 · logprob -1.2000")
                .contains(">&lt;call&gt;</span>");
        assertThat(html).contains("title=\"#8 LLM · id 220 · logprob -0.0020 (p 0.9980) · entropy 0.020 · 15.00 ms"
                + "&#10;top: &#39; 156&#39; 0.9980, &#39; 144&#39; 0.0010\"> 156</span>");
        assertThat(html).contains("<table class=\"summary\">").contains("<th>LLM token ratio</th><td>22.22 %</td>")
                .contains("<th>Calls</th><td>1</td>");
        assertThat(html).contains("<table class=\"calls\">");
    }

    @Test
    void htmlShowsACharacterSplitOverTokensWholeAndListsTheRawBytes() {
        String html = HtmlExporter.render(TraceSamples.small());

        assertThat(html).contains("title=\"#10 SLM · id 9468 · logprob -2.5000 (p 0.0821) · entropy 3.000 · 1.20 ms · bytes F0 9F\"></span>");
        assertThat(html).contains(" · bytes 98 80\">\uD83D\uDE00</span>");
        assertThat(html).doesNotContain("\uFFFD");
    }

    @Test
    void displayTextReplacesAnUnfinishedCharacterAtTheEnd() {
        List<TokenRecord> tokens = List.of(
                new TokenRecord(0, 1, "a", null, Source.SLM, -1, 1, List.of(), 0),
                new TokenRecord(1, 2, "\uFFFD", new byte[] {(byte) 0xE2, (byte) 0x82}, Source.SLM, -1, 1, List.of(), 0),
                new TokenRecord(2, 3, "<eos>", new byte[0], Source.SLM, -1, 1, List.of(), 0));

        assertThat(DisplayText.of(tokens)).containsExactly("a", "\uFFFD", "<eos>");
    }

    @Test
    void htmlEscapesTokenText() {
        Trace trace = TraceSamples.small();
        String html = HtmlExporter.render(trace);

        assertThat(html).doesNotContain("<call>").contains("&lt;/call&gt;");
        assertThat(HtmlExporter.escape("<a href=\"x\">'&'</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }

    @Test
    void everyColourOfTheHtmlPageIsOneOfTheAppsPaletteColours() {
        String html = HtmlExporter.render(TraceSamples.small());
        String style = html.substring(html.indexOf("<style>"), html.indexOf("</style>"));
        java.util.Set<String> palette = java.util.Arrays.stream(ColourRole.values())
                .map(r -> ThemeColours.LIGHT.hex(r).toLowerCase(java.util.Locale.ROOT)).collect(java.util.stream.Collectors.toSet());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("#[0-9a-fA-F]{3,8}\\b").matcher(style);
        List<String> used = new java.util.ArrayList<>();
        while (m.find()) {
            used.add(m.group().toLowerCase(java.util.Locale.ROOT));
        }
        assertThat(used).hasSizeGreaterThan(8);
        assertThat(palette).containsAll(used);
        assertThat(style).doesNotContainPattern("(color|background):\\s*(white|black|red|gray|grey|rgb)");
        for (Source s : Source.values()) {
            assertThat(used).contains(ThemeColours.LIGHT.hex(ColourRole.of(s)).toLowerCase(java.util.Locale.ROOT));
        }
    }

    @Test
    void csvHasOneRowPerTokenWithQuotingAndEmptyNaN() {
        Trace trace = TraceSamples.small();

        List<String> lines = CsvExporter.render(trace).lines().toList();

        assertThat(lines.get(0)).isEqualTo("index,id,source,text,logprob,entropy,latency_us,colour");
        assertThat(lines).hasSize(trace.tokens().size() + 1);
        String prompt = ThemeColours.LIGHT.hex(ColourRole.PROMPT);
        assertThat(lines.get(1)).isEqualTo("0,3838,PROMPT,What,,,0," + prompt);
        assertThat(lines.get(2)).isEqualTo("1,374,PROMPT,\" is\",,,0," + prompt);
        assertThat(lines.get(9)).isEqualTo("8,220,LLM,\" 156\",-0.002,0.02,15000," + ThemeColours.LIGHT.hex(ColourRole.LLM));
        assertThat(CsvExporter.render(trace)).contains("\r\n");
    }

    @Test
    void markdownSummarisesCountsCallsAndResponse() {
        Trace trace = TraceSamples.small();

        String md = MarkdownExporter.render(trace);

        assertThat(md).startsWith("# RelayScope trace\n").contains("**Prompt:** What is 12*13?");
        assertThat(md).contains("| LLM tokens | 2 |").contains("| LLM token ratio | 22.22 % |")
                .contains("| Policy | model-command (maxTurns = 5.0000) |")
                .contains("| Model (llm) | qwen3-8b, 8,190,735,360 parameters |");
        assertThat(md).contains("## Calls to the large model").contains("| 1 | 8 | 2 | 2 | 29.5 | command |");
        assertThat(md).contains("```text\nWe compute<call>2</call> 156.\uD83D\uDE00\n```");
        // who wrote each token survives without colours: one row per run of one source
        assertThat(md).contains("## Who wrote what").contains("| 1 | SLM | `We compute` |")
                .contains("| 2 | command | `<call>2</call>` |").contains("| 3 | **LLM** | ` 156.` |")
                .containsPattern("\\| 4 \\| SLM \\| `.+` \\|");
    }

    @Test
    void markdownFenceOutgrowsBackticksInTheResponse() {
        Trace base = TraceSamples.small();
        List<TokenRecord> tokens = new ArrayList<>(base.tokens());
        tokens.set(4, new TokenRecord(4, 1, "````", null, Source.SLM, -1, 1, List.of(), 0));
        Trace trace = TraceSamples.withSummary(base.header(), tokens, base.calls(), base.summary().finishReason());

        assertThat(MarkdownExporter.render(trace)).contains("`````text\n");
    }

    @Test
    void exportersWriteFiles() throws IOException {
        Trace trace = TraceSamples.small();
        HtmlExporter.write(trace, dir.resolve("t.html"));
        CsvExporter.write(trace, dir.resolve("t.csv"));
        MarkdownExporter.write(trace, dir.resolve("t.md"));

        assertThat(Files.readString(dir.resolve("t.html"))).isEqualTo(HtmlExporter.render(trace));
        assertThat(Files.readString(dir.resolve("t.csv"))).isEqualTo(CsvExporter.render(trace));
        assertThat(Files.readString(dir.resolve("t.md"))).isEqualTo(MarkdownExporter.render(trace));
    }
}
