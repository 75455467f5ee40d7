package io.relayscope.fuzz;

import io.relayscope.trace.TraceCodec;
import io.relayscope.trace.TraceSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mutation fuzzer over the trace reader and every importer, with a fixed seed: a few thousand cases here;
 * {@code -Drelayscope.fuzzCases=100000} is the long mode whose result docs/results/reliability.md records.
 */
class TraceFuzzTest {
    static final int CASES = Integer.getInteger("relayscope.fuzzCases", 2000);
    static final long SEED = Long.getLong("relayscope.fuzzSeed", 14);

    @TempDir
    Path dir;

    @Test
    void everyMutatedInputIsRejectedWithOneLineNamingThePlaceOrAcceptedAndRoundTrips() throws Exception {
        TraceFuzzer.Report report = new TraceFuzzer(seeds(), dir).run(CASES, SEED);
        System.out.println("[fuzz] seed " + SEED + ": " + report.line());
        assertThat(report.escapes()).as(report.line()).isEmpty();
        assertThat(report.accepted()).as("some mutants are still valid (else the round trip is never checked)").isPositive();
        assertThat(report.rejected()).isPositive();
        assertThat(report.rejectedAt().values()).as("mutations reach the 1.1 fields and the version: " + report.rejectedAt())
                .allMatch(n -> n > 0);
    }

    static List<TraceFuzzer.Seed> seeds() throws Exception {
        List<TraceFuzzer.Seed> seeds = new ArrayList<>();
        seeds.add(new TraceFuzzer.Seed("samples-small.json", TraceCodec.writeString(TraceSamples.small()), true));
        for (String name : List.of("model-command.json", "confidence.json", "random-token.json")) {
            Path file = Path.of("sample-sessions", name);
            assertThat(file).as("the recorded sample sessions are part of the repository").isRegularFile();
            seeds.add(new TraceFuzzer.Seed(name, Files.readString(file), true));
        }
        // format 1.1, recorded with `run --shadow` on the demo models: LLM opinion on every response token (critical
        // tokens among them), promptSpec, calls (a model command with its command tokens; confidence calls)
        for (String name : List.of("shadow-model-command-1.1.json", "shadow-confidence-1.1.json")) {
            Path file = Path.of("src/test/resources/io/relayscope/fuzz", name);
            assertThat(file).isRegularFile();
            String json = Files.readString(file);
            assertThat(json).as(name).contains("\"formatVersion\": \"1.1\"").contains("\"shadow\"").contains("\"promptSpec\"");
            seeds.add(new TraceFuzzer.Seed(name, json, true));
        }
        // format 1.2: a session file (three runs, a branch tree with a forced token, a compare set), read by the
        // same reader
        seeds.add(new TraceFuzzer.Seed("session-three-runs-1.2.json",
                TraceCodec.writeSessionString(io.relayscope.trace.SessionSamples.threeRuns()), true));
        for (String name : List.of("openai-chat-logprobs.json", "llamacpp-completion.json", "llamacpp-completion-old.json",
                "llamacpp-post-sampling.json", "relayllm-results.json")) {
            Path file = Path.of("src/test/resources/io/relayscope/trace/importers", name);
            assertThat(file).isRegularFile();
            seeds.add(new TraceFuzzer.Seed(name, Files.readString(file), false));
        }
        return seeds;
    }
}
