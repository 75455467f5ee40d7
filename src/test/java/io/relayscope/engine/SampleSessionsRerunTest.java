package io.relayscope.engine;

import io.relayscope.trace.CallRecord;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;
import org.junit.jupiter.params.ParameterizedTest;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed sample sessions, decoded again from their headers by today's engine, come out token for token. */
class SampleSessionsRerunTest {

    /** Every committed sample session (sample-sessions/*.json, as record.sh writes them). */
    static java.util.stream.Stream<String> samples() throws java.io.IOException {
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(Path.of("sample-sessions"))) {
            List<String> names = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
            assertThat(names).as("sample sessions").contains("model-command.json", "call-fixes-error.json",
                    "call-not-needed.json", "random-call-misses.json", "long-multi-step.json");
            return names.stream();
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("samples")
    void rerunFromTheHeaderGivesTheSameTrace(String name) throws Exception {
        Trace recorded = TraceCodec.read(Path.of("sample-sessions", name));
        Path slm = TestModels.require(Path.of(recorded.header().models().get(0).path()));
        Path llm = TestModels.require(Path.of(recorded.header().models().get(1).path()));
        try (ModelPair pair = ModelPair.open(slm, llm)) {
            Trace again = new RelayEngine(pair).run(RelayRequest.of(recorded.header()));
            assertThat(shape(again)).isEqualTo(shape(recorded));
            assertThat(again.calls()).extracting(CallRecord::position, CallRecord::requested, CallRecord::delivered,
                    CallRecord::llmCatchUp, CallRecord::slmCatchUp, CallRecord::reason)
                    .isEqualTo(recorded.calls().stream().map(c -> org.assertj.core.groups.Tuple.tuple(c.position(),
                            c.requested(), c.delivered(), c.llmCatchUp(), c.slmCatchUp(), c.reason())).toList());
            assertThat(again.summary().finishReason()).isEqualTo(recorded.summary().finishReason());
            assertThat(again.summary().slmCost().fedTokens()).isEqualTo(recorded.summary().slmCost().fedTokens());
            assertThat(again.summary().llmCost().forwardCalls()).isEqualTo(recorded.summary().llmCost().forwardCalls());
        }
    }

    /** Id, source and text of every token. */
    static List<String> shape(Trace t) {
        return t.tokens().stream().map(x -> x.index() + ":" + x.id() + ":" + x.source() + ":" + x.text()).toList();
    }

    static List<TokenRecord> response(Trace t) {
        return t.tokens().subList(t.summary().promptTokens(), t.tokens().size());
    }
}
