package io.relayscope.cli;

import io.relayscope.trace.RunAlignment;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class CompareCommandTest {
    @TempDir
    Path dir;

    /** What the committed samples say: derived from the files, so a re-recording (record.sh) keeps this test true. */
    private static Trace sample(String name) throws Exception {
        return TraceCodec.read(Path.of("sample-sessions/" + name + ".json"));
    }

    private static String answer(Trace t) {
        Matcher m = Pattern.compile("Answer: (\\d+)").matcher(t.summary().responseText());
        return m.find() ? m.group(1) : "";
    }

    private static String row(String name, Trace t) {
        return Pattern.quote(name) + " +\\| " + answer(t) + " +\\| +" + String.format(Locale.ROOT, "%.2f%%",
                100 * t.summary().llmTokenRatio()) + " \\| +" + t.summary().calls() + " \\|";
    }

    @Test
    void samplesAreAlignedWithTheirFirstDivergenceMarkedAndATable() throws Exception {
        Trace slm = sample("slm-only");
        Trace conf = sample("confidence");
        Trace llm = sample("llm-only");
        int div = RunAlignment.firstDivergence(List.of(slm, conf, llm)).orElseThrow();
        Cli.Result r = Cli.run("compare", "sample-sessions/slm-only.json", "sample-sessions/confidence.json",
                "sample-sessions/llm-only.json");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("first divergence at response token " + div);
        assertThat(lines.get(1)).startsWith("slm-only.json   | " + slm.summary().responseText().substring(0, div));
        assertThat(lines.get(3)).startsWith("confidence.json | " + conf.summary().responseText().substring(0, div));
        assertThat(r.out()).contains("run             | answer     | LLM ratio | calls |")
                .containsPattern(row("slm-only.json", slm)).containsPattern(row("confidence.json", conf))
                .containsPattern(row("llm-only.json", llm));
        assertThat(slm.summary().calls()).isZero();
        assertThat(llm.summary().llmTokenRatio()).isEqualTo(1.0);

        Cli.Result two = Cli.run("compare", "sample-sessions/slm-only.json", "sample-sessions/confidence.json");
        List<String> l2 = two.out().lines().toList();
        int div2 = RunAlignment.firstDivergence(List.of(slm, conf)).orElseThrow();
        assertThat(l2.get(0)).isEqualTo("first divergence at response token " + div2);
    }

    @Test
    void theTableHasComputeAndMoneyAtTheGivenPricesAndMoneyIsOffWithout() throws Exception {
        Cli.Result off = Cli.run("compare", "sample-sessions/slm-only.json", "sample-sessions/llm-only.json");
        assertThat(off.code()).as(off.err()).isZero();
        assertThat(off.out()).contains("|      compute |    money USD").containsPattern("slm-only.json \\|.*FLOP \\| +off");
        Cli.Result priced = Cli.run("compare", "sample-sessions/slm-only.json", "sample-sessions/llm-only.json",
                "--slm-prices", "0.1,0.05,0.2", "--llm-prices", "0.6,0.15,2.4");
        assertThat(priced.code()).as(priced.err()).isZero();
        io.relayscope.trace.cost.Prices prices = new io.relayscope.trace.cost.Prices(0.1, 0.05, 0.2, 0.6, 0.15, 2.4);
        for (String name : List.of("slm-only", "llm-only")) {
            var trace = io.relayscope.trace.TraceCodec.read(Path.of("sample-sessions/" + name + ".json"));
            var costs = io.relayscope.trace.cost.CostSheet.of(io.relayscope.trace.cost.RunCounts.of(trace), prices);
            String money = io.relayscope.trace.cost.CostSheet.moneyText(costs.money());
            String flops = io.relayscope.trace.cost.CostMeasure.FLOPS.format(
                    costs.row(io.relayscope.trace.cost.CostMeasure.FLOPS).orElseThrow().run());
            assertThat(priced.out().lines().filter(l -> l.startsWith(name + ".json ")).reduce((a, b) -> b).orElseThrow())
                    .endsWith("| " + " ".repeat(12 - flops.length()) + flops + " | " + " ".repeat(12 - money.length()) + money)
                    .contains("$");
        }
        Cli.Result bad = Cli.run("compare", "sample-sessions/slm-only.json", "sample-sessions/llm-only.json", "--llm-prices", "1,2");
        assertThat(bad.code()).isEqualTo(Main.USAGE);
        RunCommandTest.assertOneLine(bad.err());
        assertThat(bad.err()).contains("--llm-prices takes three prices");
    }

    @Test
    void sameRunTwiceHasNoDivergenceAndABadFileIsOneLine() throws Exception {
        Cli.Result same = Cli.run("compare", "sample-sessions/confidence.json", "sample-sessions/confidence.json");
        assertThat(same.out()).startsWith("the runs are the same token for token");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"format\": \"relayscope-trace\"");
        Cli.Result e = Cli.run("compare", "sample-sessions/confidence.json", bad.toString());
        assertThat(e.code()).isEqualTo(Main.USER_ERROR);
        RunCommandTest.assertOneLine(e.err());
        assertThat(e.err()).contains("bad.json");
    }

    @Test
    void sessionWritesTheRunsAsOneFileWhoseCompareSetTheyAre() throws Exception {
        Path out = dir.resolve("set.relay.json");
        List<String> names = List.of("model-command", "confidence", "llm-only");
        Cli.Result r = Cli.run("compare", "sample-sessions/model-command.json", "sample-sessions/confidence.json",
                "sample-sessions/llm-only.json", "--session", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("session: " + out + " (3 runs, all in its compare set)");
        io.relayscope.trace.Session set = io.relayscope.trace.TraceCodec.readSession(out);
        assertThat(set.compare()).containsExactly(0, 1, 2);
        assertThat(set.branches()).isEmpty();
        for (int i = 0; i < names.size(); i++) {
            assertThat(set.runs().get(i).tokens()).as(names.get(i)).isEqualTo(sample(names.get(i)).tokens());
            assertThat(set.runs().get(i).header().models()).isEqualTo(sample(names.get(i)).header().models());
        }
        // compared again from the file: the same table
        Cli.Result again = Cli.run("compare", out.toString());
        assertThat(again.out().lines().findFirst()).isEqualTo(r.out().lines().findFirst());

        Cli.Result bad = Cli.run("compare", "sample-sessions/model-command.json", "sample-sessions/confidence.json",
                "--session", dir.resolve("no/such/folder/x.json").toString());
        assertThat(bad.code()).isNotZero();
        RunCommandTest.assertOneLine(bad.err());
    }

    @Test
    void aSessionFileIsComparedByItsCompareSetAndOneRunAloneIsRefused() throws Exception {
        Path file = dir.resolve("s.relay.json");
        io.relayscope.trace.TraceCodec.writeSession(io.relayscope.trace.SessionSamples.threeRuns(), file);
        Cli.Result r = Cli.run("compare", file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        Trace slm = sample("slm-only");
        Trace conf = sample("confidence");
        Trace llm = sample("llm-only");
        int div = RunAlignment.firstDivergence(List.of(slm, llm, conf)).orElseThrow();
        assertThat(lines.get(0)).isEqualTo("first divergence at response token " + div);
        assertThat(lines.get(1)).startsWith("s.relay.json#0 | " + slm.summary().responseText().substring(0, div));
        assertThat(lines.get(3)).startsWith("s.relay.json#2 | " + llm.summary().responseText().substring(0, div));
        assertThat(r.out()).containsPattern(row("s.relay.json#1", conf));

        Cli.Result one = Cli.run("compare", "sample-sessions/confidence.json");
        assertThat(one.code()).isEqualTo(Main.USAGE);
        RunCommandTest.assertOneLine(one.err());
        assertThat(one.err()).contains("compare needs two or more runs").contains("confidence.json");
    }
}
