package io.relayscope.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The write limits are the read limits: a trace at a limit saves and reopens; one unit over it is refused by the
 * writer with the same message (naming the field and the limit, in bytes where the limit is in bytes) that the
 * reader gives for the same content written without the check.
 */
class TraceLimitsParityTest {
    @TempDir
    Path dir;

    @Test
    void atTheLimitSavesAndReopensOneOverIsRefusedAlikeOnBothSides() throws Exception {
        TraceLimits l = TraceLimits.DEFAULT;
        Map<String, Function<Integer, Trace>> cases = new LinkedHashMap<>();
        cases.put("token bytes", n -> withToken(t -> new TokenRecord(t.index(), t.id(), "x", filled(n), t.source(),
                t.logprob(), t.entropy(), t.alternatives(), t.latencyMicros())));
        cases.put("token text", n -> withToken(t -> new TokenRecord(t.index(), t.id(), "y".repeat(n), new byte[] {1},
                t.source(), t.logprob(), t.entropy(), t.alternatives(), t.latencyMicros())));
        cases.put("alternatives", n -> withToken(t -> new TokenRecord(t.index(), t.id(), t.text(), t.bytes(), t.source(),
                t.logprob(), t.entropy(), alternatives(n), t.latencyMicros())));
        cases.put("policy parameters", n -> withPolicy(parameters(n, 5)));
        cases.put("policy parameter name", n -> withPolicy(Map.of("k".repeat(n), 1.0)));
        Map<String, Integer> limit = Map.of("token bytes", l.maxTokenBytes(), "token text", l.maxTokenTextChars(),
                "alternatives", l.maxAlternatives(), "policy parameters", l.maxPolicyParameters(),
                "policy parameter name", l.maxNameChars());

        for (var c : cases.entrySet()) {
            int max = limit.get(c.getKey());
            Trace at = c.getValue().apply(max);
            Path ok = dir.resolve("at.json");
            TraceCodec.write(at, ok);
            assertThat(TraceCodec.read(ok)).as(c.getKey() + " at the limit").isEqualTo(at);

            Trace over = c.getValue().apply(max + 1);
            Throwable written = catchThrowable(() -> TraceCodec.write(over, dir.resolve("over.json")));
            assertThat(written).as(c.getKey()).isInstanceOf(IllegalArgumentException.class);
            assertThat(written.getMessage()).as(c.getKey()).contains(Integer.toString(max)).contains("limit");
            assertThat(dir.resolve("over.json")).doesNotExist();

            Path unchecked = dir.resolve("unchecked.json");
            try (OutputStream out = Files.newOutputStream(unchecked)) {
                TraceJsonWriter.write(over, out);
            }
            Throwable read = catchThrowable(() -> TraceCodec.read(unchecked));
            assertThat(read).as(c.getKey()).isInstanceOf(TraceFormatException.class);
            String detail = ((TraceFormatException) read).detail();
            String words = detail.replaceFirst("; this is not a file RelayScope wrote.*", "").replaceFirst(" at line \\d+, column \\d+", "");
            assertThat(written.getMessage().replaceFirst(" \\(\\d+\\)$", "")).as(c.getKey() + ": the same words on both sides")
                    .isEqualTo("cannot write the trace: " + words);
        }
    }

    @Test
    void aTokenOf65537BytesIsNamedInBytes() {
        Trace over = withToken(t -> new TokenRecord(t.index(), t.id(), "x", filled(65_537), t.source(), t.logprob(),
                t.entropy(), t.alternatives(), t.latencyMicros()));
        assertThatThrownBy(() -> TraceCodec.writeString(over)).hasMessage(
                "cannot write the trace: field 'tokens[4].bytes' holds 65537 bytes, more than the limit of 65536 bytes for one token");
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'z');
        return b;
    }

    private static List<Alternative> alternatives(int n) {
        List<Alternative> a = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            a.add(new Alternative(i, "a" + i, 0.01));
        }
        return a;
    }

    private static Map<String, Double> parameters(int n, int nameLength) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put(String.format("p%0" + nameLength + "d", i), (double) i);
        }
        return m;
    }

    private static Trace withToken(Function<TokenRecord, TokenRecord> change) {
        Trace s = TraceSamples.small();
        List<TokenRecord> tokens = new ArrayList<>(s.tokens());
        tokens.set(4, change.apply(tokens.get(4)));
        return TraceSamples.withSummary(s.header(), tokens, s.calls(), s.summary().finishReason());
    }

    private static Trace withPolicy(Map<String, Double> parameters) {
        Trace s = TraceSamples.small();
        TraceHeader h = s.header();
        TraceHeader changed = new TraceHeader(h.formatVersion(), h.appVersion(), h.createdAt(), h.prompt(), h.promptText(),
                h.models(), h.tokenizerSha256(), new PolicySpec("confidence", parameters), h.slmSampling(), h.llmSampling(),
                h.seed(), h.limits());
        return TraceSamples.withSummary(changed, s.tokens(), s.calls(), s.summary().finishReason());
    }
}
