package io.relayscope.engine;

import io.relayscope.trace.BranchLink;
import io.relayscope.trace.CallRecord;
import io.relayscope.trace.Session;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;
import org.junit.jupiter.params.ParameterizedTest;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed sample sessions, decoded again by today's engine (every run of a session file: roots from their
 * headers, branches from their parents), come out token for token.
 */
class SampleSessionsRerunTest {

    /** Every committed sample session (sample-sessions/*.json, as record.sh writes them). */
    static java.util.stream.Stream<String> samples() throws java.io.IOException {
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(Path.of("sample-sessions"))) {
            List<String> names = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
            assertThat(names).as("sample sessions").contains("model-command.json", "call-fixes-error.json",
                    "call-not-needed.json", "random-call-misses.json", "long-multi-step.json", "dataset-batch.json", "branch-tree.json");
            return names.stream();
        }
    }

    /**
     * Every run of the file: a root decoded again from its header, a branch (a session's branch tree) from its
     * parent's tokens with the recorded token forced at the recorded position.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("samples")
    void rerunFromTheHeaderGivesTheSameTrace(String name) throws Exception {
        Session session = TraceCodec.readSession(Path.of("sample-sessions", name));
        Trace first = session.runs().get(0);
        Path slm = TestModels.require(Path.of(first.header().models().get(0).path()));
        Path llm = TestModels.require(Path.of(first.header().models().get(1).path()));
        try (ModelPair pair = ModelPair.open(slm, llm)) {
            RelayEngine engine = new RelayEngine(pair);
            for (int r = 0; r < session.runs().size(); r++) {
                Trace recorded = session.runs().get(r);
                assertThat(recorded.header().models().get(0).path()).as(name + " run " + r + ": one pair")
                        .isEqualTo(first.header().models().get(0).path());
                BranchLink link = session.linkOf(r);
                Trace again = link == null ? engine.run(RelayRequest.of(recorded.header()))
                        : engine.run(RelayRequest.of(recorded.header()), ForcedPrefix.of(session.runs().get(link.parent()),
                                link.position(), link.tokenId()), RelayListener.NONE, new RunControl());
                same(name + " run " + r, again, recorded);
            }
        }
    }

    private static void same(String what, Trace again, Trace recorded) {
        assertThat(shape(again)).as(what).isEqualTo(shape(recorded));
        assertThat(again.calls()).as(what).extracting(CallRecord::position, CallRecord::requested, CallRecord::delivered,
                CallRecord::llmCatchUp, CallRecord::slmCatchUp, CallRecord::reason)
                .isEqualTo(recorded.calls().stream().map(c -> org.assertj.core.groups.Tuple.tuple(c.position(),
                        c.requested(), c.delivered(), c.llmCatchUp(), c.slmCatchUp(), c.reason())).toList());
        assertThat(again.summary().finishReason()).as(what).isEqualTo(recorded.summary().finishReason());
        assertThat(again.summary().slmCost().fedTokens()).as(what).isEqualTo(recorded.summary().slmCost().fedTokens());
        assertThat(again.summary().llmCost().forwardCalls()).as(what).isEqualTo(recorded.summary().llmCost().forwardCalls());
    }

    /** Id, source and text of every token. */
    static List<String> shape(Trace t) {
        return t.tokens().stream().map(x -> x.index() + ":" + x.id() + ":" + x.source() + ":" + x.text()).toList();
    }

    static List<TokenRecord> response(Trace t) {
        return t.tokens().subList(t.summary().promptTokens(), t.tokens().size());
    }
}
