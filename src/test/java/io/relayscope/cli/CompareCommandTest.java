package io.relayscope.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CompareCommandTest {
    @TempDir
    Path dir;

    @Test
    void samplesAreAlignedWithTheirFirstDivergenceMarkedAndATable() {
        Cli.Result r = Cli.run("compare", "sample-sessions/slm-only.json", "sample-sessions/confidence.json",
                "sample-sessions/llm-only.json");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        // the SLM writes 17 for 32-17 where the LLM (in a call, and alone) writes 15
        assertThat(lines.get(0)).isEqualTo("first divergence at response token 8");
        assertThat(lines.get(1)).isEqualTo("slm-only.json   |  32-17=17. 17-12=4. Answer: 4");
        assertThat(lines.get(2)).isEqualTo("                | " + " ".repeat(8) + "^");
        assertThat(lines.get(3)).isEqualTo("confidence.json |  32-17=15. 15-12=3. Answer: 3");
        assertThat(r.out()).contains("run             | answer     | LLM ratio | calls |")
                .contains("slm-only.json   | 4          |     0.00% |     0 |    29 |     0 |       0 |")
                .containsPattern("confidence.json \\| 3 +\\| +13.79% \\| +2 \\|")
                .containsPattern("llm-only.json +\\| 3 +\\| +100.00% \\| +1 \\|");

        Cli.Result two = Cli.run("compare", "sample-sessions/slm-only.json", "sample-sessions/confidence.json");
        List<String> l2 = two.out().lines().toList();
        assertThat(l2.get(0)).isEqualTo("first divergence at response token 8");
        assertThat(l2.get(2)).isEqualTo("                | " + " ".repeat(8) + "^");
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
    void aSessionFileIsComparedByItsCompareSetAndOneRunAloneIsRefused() throws Exception {
        Path file = dir.resolve("s.relay.json");
        io.relayscope.trace.TraceCodec.writeSession(io.relayscope.trace.SessionSamples.threeRuns(), file);
        Cli.Result r = Cli.run("compare", file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("first divergence at response token 8");
        assertThat(lines.get(1)).startsWith("s.relay.json#0 |  32-17=17.");
        assertThat(lines.get(3)).startsWith("s.relay.json#2 |  32-17=15.");
        assertThat(r.out()).containsPattern("s.relay.json#1 \\| 3 +\\| +13.79% \\| +2 \\|");

        Cli.Result one = Cli.run("compare", "sample-sessions/confidence.json");
        assertThat(one.code()).isEqualTo(Main.USAGE);
        RunCommandTest.assertOneLine(one.err());
        assertThat(one.err()).contains("compare needs two or more runs").contains("confidence.json");
    }
}
