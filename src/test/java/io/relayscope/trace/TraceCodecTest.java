package io.relayscope.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceCodecTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void writeThenReadGivesAnEqualTrace() throws IOException {
        Trace trace = TraceSamples.small();
        Path file = dir.resolve("t.json");

        TraceCodec.write(trace, file);
        Trace back = TraceCodec.read(file);

        assertThat(back).isEqualTo(trace);
        assertThat(back.header().formatVersion()).isEqualTo(Trace.FORMAT_VERSION).isEqualTo("1.1");
        assertThat(TraceCodec.readString(TraceCodec.writeString(trace))).isEqualTo(trace);
    }

    @Test
    void shadowScoresRoundTripAndATokenWithoutThemWritesNoField() throws IOException {
        Trace trace = TraceSamples.small();
        java.util.List<TokenRecord> tokens = new java.util.ArrayList<>(trace.tokens());
        int last = tokens.size() - 1;
        tokens.set(last, tokens.get(last).withShadow(new ShadowScore(-0.25, 7, Double.NaN, 9)));
        Trace scored = new Trace(trace.header(), tokens, trace.calls(), trace.summary());
        String json = TraceCodec.writeString(scored);
        assertThat(json).containsOnlyOnce("\"shadow\":[-0.25,7,null,9]");
        Trace back = TraceCodec.readString(json);
        assertThat(back).isEqualTo(scored);
        assertThat(back.tokens().get(last).critical()).isTrue();
        assertThat(back.tokens().get(0).shadow()).isEmpty();
    }

    @Test
    void minPAndRepetitionPenaltyAreWrittenOnlyWhenOnAndDefaultToOffWhenAbsent() throws IOException {
        Trace plain = TraceSamples.small();
        JsonNode plainSampling = MAPPER.readTree(TraceCodec.writeString(plain)).get("header").get("slmSampling");
        assertThat(plainSampling.has("minP")).as("an off min-p is left out, as in older traces").isFalse();
        assertThat(plainSampling.has("repetitionPenalty")).isFalse();
        assertThat(TraceCodec.readString(TraceCodec.writeString(plain)).header().slmSampling())
                .isEqualTo(new SamplingSpec(0.7, 0, 1.0, 0, 1));

        TraceHeader h = plain.header();
        SamplingSpec qwen = new SamplingSpec(0.6, 20, 0.95, 0.05, 1.1);
        Trace on = new Trace(new TraceHeader(h.formatVersion(), h.appVersion(), h.createdAt(), h.prompt(), h.promptText(),
                h.models(), h.tokenizerSha256(), h.policy(), qwen, h.llmSampling(), h.seed(), h.limits()),
                plain.tokens(), plain.calls(), plain.summary());
        String json = TraceCodec.writeString(on);
        JsonNode sampling = MAPPER.readTree(json).get("header").get("slmSampling");
        assertThat(sampling.get("minP").doubleValue()).isEqualTo(0.05);
        assertThat(sampling.get("repetitionPenalty").doubleValue()).isEqualTo(1.1);
        assertThat(TraceCodec.readString(json).header().slmSampling()).isEqualTo(qwen);
    }

    @Test
    void thePromptSpecRoundTripsAndOlderTracesReadItAsUnrecorded() throws IOException {
        Trace plain = TraceSamples.small();
        JsonNode header = MAPPER.readTree(TraceCodec.writeString(plain)).get("header");
        assertThat(header.has("promptSpec")).as("unrecorded: left out, as in older traces").isFalse();
        assertThat(TraceCodec.readString(TraceCodec.writeString(plain)).header().promptSpec()).isEqualTo(PromptSpec.UNRECORDED);

        TraceHeader h = plain.header();
        PromptSpec spec = new PromptSpec("chat-template", "tokenizer_config.json", "Réponds « vite ».", "off");
        Trace on = new Trace(new TraceHeader(h.formatVersion(), h.appVersion(), h.createdAt(), h.prompt(), h.promptText(),
                h.models(), h.tokenizerSha256(), h.policy(), h.slmSampling(), h.llmSampling(), h.seed(), h.limits(), spec),
                plain.tokens(), plain.calls(), plain.summary());
        String json = TraceCodec.writeString(on);
        JsonNode written = MAPPER.readTree(json).get("header").get("promptSpec");
        assertThat(written.get("format").asText()).isEqualTo("chat-template");
        assertThat(written.get("thinking").asText()).isEqualTo("off");
        assertThat(TraceCodec.readString(json).header().promptSpec()).isEqualTo(spec);
        assertThat(TraceCodec.readString(json)).isEqualTo(on);
    }

    @Test
    void promptTokensWriteNullLogprobAndReadBackNaN() throws IOException {
        String json = TraceCodec.writeString(TraceSamples.small());
        JsonNode first = MAPPER.readTree(json).get("tokens").get(0);

        assertThat(first.get("logprob").isNull()).isTrue();
        assertThat(first.get("entropy").isNull()).isTrue();
        TokenRecord back = TraceCodec.readString(json).tokens().get(0);
        assertThat(back.logprob()).isNaN();
        assertThat(back.entropy()).isNaN();
    }

    @Test
    void bytesAreStoredOnlyWhenTheyDifferFromTheTextAndSurviveExactly() throws IOException {
        Trace trace = TraceSamples.small();
        JsonNode tokens = MAPPER.readTree(TraceCodec.writeString(trace)).get("tokens");

        List<Integer> withBytes = new ArrayList<>();
        for (JsonNode t : tokens) {
            if (t.has("bytes")) {
                withBytes.add(t.get("index").intValue());
            }
        }
        assertThat(withBytes).containsExactly(10, 11);
        assertThat(tokens.get(10).get("bytes").textValue()).isEqualTo("8J8=");
        assertThat(TraceCodec.readString(TraceCodec.writeString(trace)).tokens().get(10).bytes())
                .containsExactly(0xF0, 0x9F);
    }

    @Test
    void layoutHasTheDocumentedTopLevelOrderAndOneTokenPerLine() throws IOException {
        Trace trace = TraceSamples.small();
        String json = TraceCodec.writeString(trace);

        List<String> keys = new ArrayList<>();
        MAPPER.readTree(json).fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("format", "formatVersion", "header", "tokens", "calls", "summary");
        assertThat(MAPPER.readTree(json).get("format").textValue()).isEqualTo("relayscope-trace");
        long tokenLines = json.lines().filter(l -> l.startsWith("    {\"index\":")).count();
        assertThat(tokenLines).isEqualTo(trace.tokens().size());
        assertThat(json.lines().filter(l -> l.startsWith("    {\"number\":")).count()).isEqualTo(1);
    }

    @Test
    void minorVersionNewerThanOneZeroIsReadIgnoringUnknownFields() throws IOException {
        Trace trace = TraceSamples.small();
        ObjectNode root = (ObjectNode) MAPPER.readTree(TraceCodec.writeString(trace));
        root.put("formatVersion", "1.7");
        root.putObject("attachments").put("note", "added in 1.7");
        ((ObjectNode) root.get("header")).putArray("gpuInfo").add("H200");
        ((ObjectNode) root.get("header").get("policy")).put("description", "new field");
        ObjectNode token = (ObjectNode) root.get("tokens").get(8);
        token.put("kvHit", true);
        ((ArrayNode) token.get("alternatives").get(0)).add(-0.002);
        ((ObjectNode) root.get("calls").get(0)).putObject("gpu").put("ms", 3);
        ((ObjectNode) root.get("summary")).put("energyJoules", 1.5);

        Trace back = TraceCodec.readString(MAPPER.writeValueAsString(root));

        assertThat(back.header().formatVersion()).isEqualTo("1.7");
        assertThat(back.tokens()).isEqualTo(trace.tokens());
        assertThat(back.calls()).isEqualTo(trace.calls());
        assertThat(back.summary()).isEqualTo(trace.summary());
        assertThat(back.header().policy()).isEqualTo(trace.header().policy());
    }

    @Test
    void writeReplacesAnExistingFileAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("t.json");
        Files.writeString(file, "old content");

        TraceCodec.write(TraceSamples.small(), file);

        assertThat(TraceCodec.read(file)).isEqualTo(TraceSamples.small());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("t.json");
        }
    }

    @Test
    void writingAnInconsistentTraceFailsAndKeepsTheOldFile() throws IOException {
        Path file = dir.resolve("t.json");
        TraceCodec.write(TraceSamples.small(), file);
        byte[] before = Files.readAllBytes(file);
        Trace good = TraceSamples.small();
        TraceSummary s = good.summary();
        Trace bad = new Trace(good.header(), good.tokens(), good.calls(), new TraceSummary(s.promptTokens(),
                s.slmTokens() + 1, s.llmTokens(), s.commandTokens(), s.calls(), s.llmTokenRatio(), s.finishReason(),
                s.error(), s.wallMicros(), s.slmCost(), s.llmCost(), s.savingVsLlmOnly(), s.responseText()));

        assertThatThrownBy(() -> TraceCodec.write(bad, file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("summary.slmTokens");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void readingAMissingFileSaysSoInOneLine() {
        Path missing = dir.resolve("nope.json");

        assertThatThrownBy(() -> TraceCodec.read(missing))
                .isInstanceOf(java.nio.file.NoSuchFileException.class)
                .hasMessageContaining("nope.json")
                .hasMessageContaining("no such file");
    }

    @Test
    void hundredThousandTokensWriteAndReadInWellUnderTwoSeconds() throws IOException {
        Trace trace = TraceSamples.large(100_000, 7);
        Path file = dir.resolve("big.json");
        TraceCodec.write(trace, file); // warm-up: class loading and JIT
        assertThat(TraceCodec.read(file)).isEqualTo(trace);

        // CPU time of this thread, best of up to three runs: the build machine is shared and busy, so wall time
        // would measure the neighbours, and a starved JIT can leave the first run interpreted
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE;
        for (int run = 0; run < 3 && best >= 2000; run++) {
            long start = threads.getCurrentThreadCpuTime();
            TraceCodec.write(trace, file);
            TraceCodec.read(file);
            best = Math.min(best, (threads.getCurrentThreadCpuTime() - start) / 1_000_000);
        }

        assertThat(best).as("CPU ms for write + read of 100k tokens").isLessThan(2000);
        assertThat(Files.size(file)).as("bytes per token").isLessThan(400L * trace.tokens().size());
    }

    @Test
    void equalityInTheseTestsCanFail() {
        Trace trace = TraceSamples.small();
        List<TokenRecord> tokens = new ArrayList<>(trace.tokens());
        TokenRecord t = tokens.get(0);
        tokens.set(0, TokenRecord.prompt(0, t.id(), t.text(), new byte[] {1}));
        Trace changed = new Trace(trace.header(), tokens, trace.calls(), trace.summary());

        assertThat(TraceCodec.readString(TraceCodec.writeString(changed))).isNotEqualTo(trace);
        Iterator<TokenRecord> it = TraceCodec.readString(TraceCodec.writeString(changed)).tokens().iterator();
        assertThat(it.next().bytes()).containsExactly(1);
    }
}
