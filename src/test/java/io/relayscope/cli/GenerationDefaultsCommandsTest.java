package io.relayscope.cli;

import io.relayscope.engine.realshape.RealShapeFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * eval and paper-table decode as run does: each model's generation_config.json defaults (the Qwen3-shaped fixture:
 * temperature 0.6, top-k 20, top-p 0.95), flags on top; the header line and the written results say which.
 */
class GenerationDefaultsCommandsTest {
    @TempDir
    Path dir;

    private Path dataset() throws Exception {
        Path d = dir.resolve("two.jsonl");
        Files.writeString(d, "{\"question\": \"What is 2 + 2?\", \"answer\": 4}\n{\"question\": \"What is 3 + 5?\", \"answer\": 8}\n");
        return d;
    }

    @Test
    void evalUsesEachModelsDefaultsUnlessFlagsOverride() throws Exception {
        String qwen = RealShapeFixtures.folder(RealShapeFixtures.QWEN3_OPTIMUM).toString();
        Path results = dir.resolve("results");
        Cli.Result r = Cli.run("eval", "--slm", qwen, "--llm", qwen, "--dataset", dataset().toString(), "--policy", "slm-only",
                "--max-new-tokens", "3", "--no-progress", "--write-results", "--results-dir", results.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("slm qwen3-optimum: temperature 0.6, top-k 20, top-p 0.95 (model default)")
                .contains("llm qwen3-optimum: temperature 0.6, top-k 20, top-p 0.95 (model default)");
        assertThat(Files.readString(results.resolve("eval-two-slm-only.md")))
                .contains("Sampling: SLM temperature 0.6, top-k 20, top-p 0.95, LLM temperature 0.6, top-k 20, top-p 0.95");

        Cli.Result flags = Cli.run("eval", "--slm", qwen, "--llm", qwen, "--dataset", dataset().toString(), "--policy", "slm-only",
                "--max-new-tokens", "3", "--no-progress", "--temperature", "0", "--llm-top-k", "5", "--write-results",
                "--results-dir", results.toString());
        assertThat(flags.code()).as(flags.err()).isZero();
        assertThat(flags.err()).contains("slm qwen3-optimum: greedy (flags; model default temperature 0.6, top-k 20, top-p 0.95)")
                .contains("llm qwen3-optimum: greedy (flags;");
        assertThat(Files.readString(results.resolve("eval-two-slm-only.md"))).contains("Sampling: SLM greedy, LLM greedy");
    }

    @Test
    void paperTableUsesEachPairsDefaults() throws Exception {
        String qwen = RealShapeFixtures.folder(RealShapeFixtures.QWEN3_OPTIMUM).toString();
        String relay = RealShapeFixtures.folder(RealShapeFixtures.QWEN3_RELAY_SLM).toString();
        Path results = dir.resolve("paper");
        Cli.Result r = Cli.run("paper-table", "--slm", qwen, "--relay-slm", relay, "--llm", qwen, "--dataset", dataset().toString(),
                "--limit", "1", "--max-new-tokens", "2", "--call-tokens", "1", "--no-progress", "--results-dir", results.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("slm qwen3-optimum: temperature 0.6, top-k 20, top-p 0.95 (model default)")
                .contains("slm qwen3-relay-slm: temperature 0.6, top-k 20, top-p 0.95 (model default)");
        assertThat(Files.readString(results.resolve("paper-table.md")))
                .contains("SLM sampling T 0.60, top-k 20, top-p 0.95, LLM sampling T 0.60, top-k 20, top-p 0.95");
    }
}
