package io.relayscope.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** run and inspect print every cost measure against the LLM alone; prices are checked before decoding. */
class CostsCommandLineTest {

    @Test
    void runPrintsEachMeasureWithItsSavingAndMoneyOnlyWithPrices() {
        Cli.Result plain = Cli.run("run", "--no-color", "--policy", "llm-only", "--max-new-tokens", "12", "Tom has 3 pens. How many?");
        assertThat(plain.code()).as(plain.err()).isZero();
        assertThat(plain.out()).contains("LLM forward passes").contains("LLM tokens read").contains("Compute (FLOPs)")
                .contains("(saving 0.0%)").doesNotContain("Money");
        assertThat(plain.out()).doesNotContainPattern("saving -?[1-9]");
        Cli.Result priced = Cli.run("run", "--no-color", "--policy", "llm-only", "--max-new-tokens", "12",
                "--llm-prices", "0.6,0.15,2.4", "Tom has 3 pens. How many?");
        assertThat(priced.out()).containsPattern("Money +\\$0\\.0000\\d+ +vs \\$0\\.0000\\d+ for the LLM alone \\(saving 0\\.0%\\)");
        assertThat(priced.lastLine()).startsWith("slm 0 · llm 12");
    }

    @Test
    void aBadPriceIsOneLineBeforeAnyDecoding() {
        Cli.Result r = Cli.run("run", "--llm-prices", "0.6,2.4", "Tom has 3 pens. How many?");
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("--llm-prices takes three prices IN,CACHED,OUT");
        RunCommandTest.assertOneLine(r.err());
        Cli.Result negative = Cli.run("run", "--price-llm", "-1", "Tom has 3 pens. How many?");
        assertThat(negative.code()).isEqualTo(Main.USAGE);
        assertThat(negative.err()).contains("--price-llm must be at least 0");
    }
}
