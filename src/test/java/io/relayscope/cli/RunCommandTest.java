package io.relayscope.cli;

import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;
import io.relayscope.trace.TraceSummary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RunCommandTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void models() {
        Cli.requireDemoModels();
    }

    @Test
    void headerLineShowsPromptFormatAndModelDefaultsAndFlagsOverrideThem() throws Exception {
        Path out = dir.resolve("raw.json");
        Cli.Result plain = Cli.run("run", "--max-new-tokens", "4", Cli.firstQuestion());
        assertThat(plain.code()).as(plain.err()).isZero();
        assertThat(plain.err()).contains("prompt plain template").contains("greedy (model default)");

        Cli.Result raw = Cli.run("run", "--raw", "--max-new-tokens", "4", "--temperature", "0.7", "--llm-top-k", "5",
                "--out", out.toString(), Cli.firstQuestion());
        assertThat(raw.code()).as(raw.err()).isZero();
        assertThat(raw.err()).contains("prompt raw (no template)")
                .contains("temperature 0.7 (flags; model default greedy)")
                .contains("temperature 0.7, top-k 5 (flags; model default greedy)");
        Trace trace = TraceCodec.read(out);
        assertThat(trace.header().promptText()).isEqualTo(Cli.firstQuestion());
        assertThat(trace.header().promptSpec().format()).isEqualTo("raw");
        assertThat(trace.header().slmSampling()).isEqualTo(new io.relayscope.trace.SamplingSpec(0.7, 0, 1.0));
        assertThat(trace.header().llmSampling()).isEqualTo(new io.relayscope.trace.SamplingSpec(0.7, 5, 1.0));

        Cli.Result both = Cli.run("run", "--raw", "--system", "Be brief.", Cli.firstQuestion());
        assertThat(both.code()).isNotZero();
        assertThat(both.err()).contains("--system needs the chat template");
        Cli.Result sys = Cli.run("run", "--system", "Be brief.", "--no-thinking", "--max-new-tokens", "2", "--out",
                out.toString(), Cli.firstQuestion());
        assertThat(sys.code()).as(sys.err()).isZero();
        assertThat(TraceCodec.read(out).header().promptText()).isEqualTo("Be brief.\n\nQ: " + Cli.firstQuestion() + "\nA:");
        assertThat(TraceCodec.read(out).header().promptSpec().system()).isEqualTo("Be brief.");
    }

    @Test
    void confidenceRunWritesATraceWithBothModelsAndACorrectSummary() throws Exception {
        Path out = dir.resolve("t.json");
        Cli.Result r = Cli.run("run", "--policy", "confidence", "--threshold", "0.9", "--out", out.toString(), Cli.firstQuestion());

        assertThat(r.code()).as(r.err()).isZero();
        Trace trace = TraceCodec.read(out);
        TraceSummary s = trace.summary();
        long slm = trace.tokens().stream().filter(t -> t.source() == Source.SLM).count();
        long llm = trace.tokens().stream().filter(t -> t.source() == Source.LLM).count();
        long cmd = trace.tokens().stream().filter(t -> t.source() == Source.COMMAND).count();
        assertThat(slm).isPositive();
        assertThat(llm).isPositive();
        assertThat(s.slmTokens()).isEqualTo(slm);
        assertThat(s.llmTokens()).isEqualTo(llm);
        assertThat(s.commandTokens()).isEqualTo(cmd);
        assertThat(s.calls()).isEqualTo(trace.calls().size()).isPositive();
        assertThat(s.llmTokenRatio()).isCloseTo((double) llm / (slm + llm + cmd), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(r.out()).contains(Summaries.line(s));
        StringBuilder answer = new StringBuilder();
        for (TokenRecord t : trace.tokens()) {
            if (t.source() != Source.PROMPT) {
                answer.append(t.text());
            }
        }
        assertThat(r.out()).startsWith(answer.toString());
    }

    @Test
    void noColorAndNonTerminalOutputHaveNoAnsiWhileColorForcesIt() {
        Cli.Result plain = Cli.run("run", "--no-color", "--policy", "confidence", "--threshold", "0.9", "Tom has 3 pens. How many?");
        Cli.Result auto = Cli.run("run", "--policy", "confidence", "--threshold", "0.9", "Tom has 3 pens. How many?");
        Cli.Result forced = Cli.run("run", "--color", "--policy", "confidence", "--threshold", "0.9", "Tom has 3 pens. How many?");

        assertThat(plain.code()).isZero();
        assertThat(plain.out()).doesNotContain("\u001b[");
        assertThat(auto.out()).doesNotContain("\u001b[");
        assertThat(forced.out()).contains(Ansi.SLM).contains(Ansi.LLM).contains(Ansi.RESET);
        assertThat(answer(forced.out().replaceAll("\u001b\\[[0-9;]*m", ""))).as("same text once colours are removed")
                .isEqualTo(answer(plain.out())).isNotBlank();
    }

    @Test
    void promptIsReadFromStdinWhenNoArgumentIsGiven() {
        Cli.Result r = Cli.runWithInput("Noah carries 54 oranges: he gives away fifty-three oranges, collects 82 more oranges, sells ten and sells forty-three. How many?\n", "run", "--policy", "slm-only",
                "--max-new-tokens", "12");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("| 0 calls |");
        Cli.Result empty = Cli.runWithInput("  \n", "run");
        assertThat(empty.code()).isEqualTo(Main.USAGE);
    }

    @Test
    void usageErrorsExitTwoAndUserErrorsExitOneWithOneLine() {
        assertThat(Cli.run("run", "--bogus", "x").code()).isEqualTo(Main.USAGE);
        assertThat(Cli.run("run", "--threshold", "0.5", "x").code()).as("threshold with model-command").isEqualTo(Main.USAGE);
        assertThat(Cli.run("run", "--top-p", "0", "x").code()).isEqualTo(Main.USAGE);

        Cli.Result badModel = Cli.run("run", "--slm", dir.resolve("nowhere").toString(), "x");
        assertThat(badModel.code()).isEqualTo(Main.USER_ERROR);
        assertOneLine(badModel.err());

        Cli.Result badPolicy = Cli.run("run", "--policy", "psychic", "x");
        assertThat(badPolicy.code()).isEqualTo(Main.USER_ERROR);
        assertThat(badPolicy.err()).contains("unknown policy");
        assertOneLine(badPolicy.err());
    }

    @Test
    void minPAndRepetitionPenaltyAreRecordedAndCheckedWithOneLineErrors() throws Exception {
        Path out = dir.resolve("sampled.json");
        Cli.Result r = Cli.run("run", "--policy", "slm-only", "--temperature", "0.7", "--min-p", "0.05",
                "--repetition-penalty", "1.3", "--llm-repetition-penalty", "1.1", "--seed", "3", "--max-new-tokens", "16",
                "--out", out.toString(), Cli.firstQuestion());
        assertThat(r.code()).as(r.err()).isZero();
        Trace t = TraceCodec.read(out);
        assertThat(t.header().slmSampling().minP()).isEqualTo(0.05);
        assertThat(t.header().slmSampling().repetitionPenalty()).isEqualTo(1.3);
        assertThat(t.header().llmSampling().minP()).as("LLM follows the SLM's flag").isEqualTo(0.05);
        assertThat(t.header().llmSampling().repetitionPenalty()).isEqualTo(1.1);

        for (String[] bad : new String[][] {{"--min-p", "1.5"}, {"--min-p", "-0.1"}, {"--repetition-penalty", "0"},
                {"--llm-repetition-penalty", "-2"}, {"--llm-min-p", "NaN"}}) {
            Cli.Result e = Cli.run("run", bad[0], bad[1], "x");
            assertThat(e.code()).as(String.join(" ", bad)).isEqualTo(Main.USAGE);
            assertThat(e.err()).as(String.join(" ", bad)).contains(bad[0] + " must be");
            assertThat(e.err().strip().lines().findFirst().orElse("")).contains(bad[0]);
        }
    }

    @Test
    void helpAndVersionExitZero() {
        assertThat(Cli.run("--help").code()).isZero();
        assertThat(Cli.run("--version").out()).startsWith("RelayScope ");
        assertThat(Cli.run("help", "run").out()).contains("--call-tokens").contains("--reference-limits");
    }

    /** The output without its last (summary) line. */
    private static String answer(String out) {
        String t = out.stripTrailing();
        return t.substring(0, Math.max(0, t.lastIndexOf('\n')));
    }

    static void assertOneLine(String err) {
        assertThat(err.strip()).isNotEmpty().doesNotContain("\n").doesNotContain("Exception").doesNotContain("\tat ");
    }
}
