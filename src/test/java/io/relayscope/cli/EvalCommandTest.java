package io.relayscope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class EvalCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeAll
    static void models() {
        Cli.requireDemoModels();
    }

    @Test
    void evalJsonLastLineHasTheRequiredKeys() throws Exception {
        Path out = dir.resolve("results.jsonl");
        Cli.Result r = Cli.run("eval", "--limit", "5", "--json", "--policy", "confidence", "--threshold", "0.9",
                "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = JSON.readTree(r.lastLine());
        for (String key : new String[] {"problems", "accuracy", "llmTokenRatio", "calls", "slmTokens", "llmTokens", "commandTokens"}) {
            assertThat(j.has(key)).as(key).isTrue();
        }
        assertThat(j.get("problems").asInt()).isEqualTo(5);
        assertThat(j.get("accuracy").asDouble()).isBetween(0.0, 1.0);
        long slm = j.get("slmTokens").asLong();
        long llm = j.get("llmTokens").asLong();
        long cmd = j.get("commandTokens").asLong();
        assertThat(llm).isPositive();
        assertThat(j.get("llmTokenRatio").asDouble()).isCloseTo((double) llm / (slm + llm + cmd), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Files.readAllLines(out)).hasSize(5).allSatisfy(line -> assertThat(JSON.readTree(line).has("predicted")).isTrue());
    }

    @Test
    void shadowAddsCriticalTokensWithPrecisionAndRecall() throws Exception {
        Cli.Result r = Cli.run("eval", "--limit", "20", "--json", "--shadow", "--no-progress", "--policy", "confidence",
                "--threshold", "0.6", "--call-tokens", "2");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = JSON.readTree(r.lastLine());
        int critical = j.get("criticalTokens").asInt();
        assertThat(critical).isPositive();
        assertThat(j.get("calls").asInt()).as("calls, so that the precision below is a ratio").isPositive();
        assertThat(j.get("callRecall").asDouble()).isCloseTo((double) j.get("criticalCovered").asInt() / critical,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(j.get("callPrecision").asDouble()).isCloseTo((double) j.get("callsAtCritical").asInt()
                / j.get("calls").asInt(), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(r.out()).contains("critical tokens " + critical + " of ");
        Cli.Result plain = Cli.run("eval", "--limit", "2", "--json", "--no-progress");
        assertThat(JSON.readTree(plain.lastLine()).has("criticalTokens")).isFalse();
    }

    @Test
    void llmAloneHasRatioOneAndBadDatasetIsOneLine() throws Exception {
        Cli.Result r = Cli.run("eval", "--limit", "3", "--json", "--policy", "llm-only", "--no-progress");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(JSON.readTree(r.lastLine()).get("llmTokenRatio").asDouble()).isEqualTo(1.0);

        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"question\": \"1+1?\", \"answer\": 2}\n{oops\n");
        Cli.Result e = Cli.run("eval", "--dataset", bad.toString());
        assertThat(e.code()).isEqualTo(Main.USER_ERROR);
        RunCommandTest.assertOneLine(e.err());
        assertThat(e.err()).contains("bad.jsonl line 2");
    }

    @Test
    void paperTableWritesMarkdownAndPng() throws Exception {
        Cli.Result r = Cli.run("paper-table", "--limit", "3", "--results-dir", dir.toString(), "--json", "--no-progress");
        assertThat(r.code()).as(r.err()).isZero();
        String md = Files.readString(dir.resolve("paper-table.md"));
        assertThat(md).contains("| SLM alone |").contains("LLM alone").contains("Gap closed").contains("paper-table-frontier.png")
                .contains("| confidence router on the relay SLM's language model, at the relay's ratio | tiny-slm-relay |");
        byte[] png = Files.readAllBytes(dir.resolve("paper-table-frontier.png"));
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        JsonNode j = JSON.readTree(r.lastLine());
        assertThat(j.get("problems").asInt()).isEqualTo(3);
        assertThat(j.has("gapClosed")).isTrue();
    }

    @Test
    void benchJsonHasTheFourRatios() throws Exception {
        Cli.Result r = Cli.run("bench", "--rounds", "4", "--prompts", "1", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = JSON.readTree(r.lastLine());
        for (String key : new String[] {"engineOverheadRatio", "kvFlatness", "relayOverheadRatio", "handoverPrefillRatio"}) {
            assertThat(j.get(key).isNumber()).as(key).isTrue();
            assertThat(j.get(key).asDouble()).as(key).isPositive();
        }
        assertThat(j.get("handoverPrefillRatio").asDouble()).isLessThanOrEqualTo(1.0);
        assertThat(j.get("slmSampling").asText()).as("the demo models' generation_config.json: do_sample false").isEqualTo("greedy");
        assertThat(r.err()).contains("slm " + io.relayscope.engine.DemoModels.defaultSlm().getFileName() + ": greedy (model default)").contains("llm tiny-llm: greedy (model default)");
    }
}
