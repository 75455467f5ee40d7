package io.relayscope.trace;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TraceRoundTripPropertiesTest {

    @Property(tries = 300)
    void anyConsistentTraceSurvivesWriteAndRead(@ForAll("traces") Trace trace) throws IOException {
        assertThat(TraceCodec.readString(TraceCodec.writeString(trace))).isEqualTo(trace);
    }

    @Property(tries = 40)
    void anyConsistentTraceSurvivesAFile(@ForAll("traces") Trace trace) throws IOException {
        Path dir = Files.createTempDirectory("trace-prop");
        try {
            Path file = dir.resolve("t.json");
            TraceCodec.write(trace, file);
            assertThat(TraceCodec.read(file)).isEqualTo(trace);
        } finally {
            try (var files = Files.list(dir)) {
                files.forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            Files.delete(dir);
        }
    }

    private static Arbitrary<String> anyText() {
        return Arbitraries.strings().all().ofMaxLength(12);
    }

    private static Arbitrary<Double> anyDouble() {
        return Arbitraries.oneOf(Arbitraries.doubles(),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0,
                        Double.MIN_VALUE, Double.MAX_VALUE, -745.1332191019412, 1e-300),
                Arbitraries.longs().map(Double::longBitsToDouble));
    }

    private static Arbitrary<String> nullable(Arbitrary<String> a) {
        return a.injectNull(0.2);
    }

    private static Arbitrary<TraceHeader> headers() {
        Arbitrary<ModelRef> model = Combinators.combine(nullable(anyText()), nullable(anyText()), nullable(anyText()),
                nullable(anyText()), Arbitraries.longs()).as(ModelRef::new);
        Arbitrary<PolicySpec> policy = Combinators.combine(nullable(anyText()),
                Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(8), anyDouble()).ofMaxSize(4))
                .as(PolicySpec::new).injectNull(0.1);
        Arbitrary<SamplingSpec> sampling = Combinators.combine(anyDouble(), Arbitraries.integers(), anyDouble(),
                        Arbitraries.oneOf(Arbitraries.just(SamplingSpec.MIN_P_OFF), anyDouble()),
                        Arbitraries.oneOf(Arbitraries.just(SamplingSpec.REPETITION_PENALTY_OFF), anyDouble()))
                .as(SamplingSpec::new).injectNull(0.2);
        Arbitrary<Limits> limits = Combinators.combine(Arbitraries.integers(), Arbitraries.integers(),
                Arbitraries.of(true, false)).as(Limits::new).injectNull(0.2);
        return Combinators.combine(nullable(anyText()), nullable(anyText()), nullable(anyText()),
                nullable(anyText()), model.list().ofMaxSize(3), nullable(anyText()), policy, sampling)
                .flatAs((app, created, prompt, promptText, models, tok, pol, slm) ->
                        Combinators.combine(sampling, Arbitraries.longs(), limits).as((llm, seed, lim) ->
                                new TraceHeader(Trace.FORMAT_VERSION, app, created, prompt, promptText, models, tok,
                                        pol, slm, llm, seed, lim)));
    }

    /** Token contents without the index (assigned in order afterwards); prompt tokens sorted first. */
    private record Draft(int id, String text, byte[] bytes, Source source, double logprob, double entropy,
                         List<Alternative> alternatives, long latency) {
    }

    private static Arbitrary<Draft> drafts() {
        Arbitrary<Alternative> alt = Combinators.combine(Arbitraries.integers(), nullable(anyText()), anyDouble())
                .as(Alternative::new);
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(8).injectNull(0.5);
        return Combinators.combine(Arbitraries.integers(), anyText(), bytes, Arbitraries.of(Source.class),
                anyDouble(), anyDouble(), alt.list().ofMaxSize(5), Arbitraries.longs())
                .as(Draft::new);
    }

    @Provide
    Arbitrary<Trace> traces() {
        Arbitrary<CallRecord> call = Combinators.combine(Arbitraries.integers(), Arbitraries.integers(),
                Arbitraries.integers(), Arbitraries.integers(), Arbitraries.integers(), Arbitraries.longs(),
                nullable(anyText())).as((n, req, del, lc, sc, lat, reason) -> new CallRecord(n, 0, req, del, lc, sc, lat, reason));
        return Combinators.combine(headers(), drafts().list().ofMaxSize(30), call.list().ofMaxSize(4),
                Arbitraries.integers().between(0, 1_000_000), Arbitraries.of(FinishReason.class).injectNull(0.1))
                .as((header, drafts, calls, position, finish) -> {
                    List<Draft> ordered = new ArrayList<>(drafts);
                    ordered.sort((a, b) -> Boolean.compare(a.source != Source.PROMPT, b.source != Source.PROMPT));
                    List<TokenRecord> tokens = new ArrayList<>();
                    for (Draft d : ordered) {
                        tokens.add(new TokenRecord(tokens.size(), d.id, d.text, d.bytes, d.source, d.logprob,
                                d.entropy, d.alternatives, d.latency));
                    }
                    List<CallRecord> placed = new ArrayList<>();
                    for (CallRecord c : calls) {
                        placed.add(new CallRecord(c.number(), position % (tokens.size() + 1), c.requested(),
                                c.delivered(), c.llmCatchUp(), c.slmCatchUp(), c.latencyMicros(), c.reason()));
                    }
                    return TraceSamples.withSummary(header, tokens, placed, finish);
                });
    }
}
