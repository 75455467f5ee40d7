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
                    "call-not-needed.json", "random-call-misses.json", "long-multi-step.json", "dataset-batch.json", "branch-tree.json",
                    "compare-set.json");
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
        // each run with the pair its header names (a compare set may hold runs of different pairs; a branch is its
        // parent's pair)
        java.util.Map<String, RelayEngine> engines = new java.util.HashMap<>();
        List<ModelPair> opened = new java.util.ArrayList<>();
        try {
            for (int r = 0; r < session.runs().size(); r++) {
                Trace recorded = session.runs().get(r);
                String slm = recorded.header().models().get(0).path();
                String llm = recorded.header().models().get(1).path();
                RelayEngine engine = engines.get(slm + "\n" + llm);
                if (engine == null) {
                    ModelPair pair = ModelPair.open(TestModels.require(Path.of(slm)), TestModels.require(Path.of(llm)));
                    opened.add(pair);
                    engine = new RelayEngine(pair);
                    engines.put(slm + "\n" + llm, engine);
                }
                BranchLink link = session.linkOf(r);
                if (link != null) {
                    assertThat(slm).as(name + " run " + r + ": a branch of its parent's pair")
                            .isEqualTo(session.runs().get(link.parent()).header().models().get(0).path());
                }
                Trace again = link == null ? engine.run(RelayRequest.of(recorded.header()))
                        : engine.run(RelayRequest.of(recorded.header()), ForcedPrefix.of(session.runs().get(link.parent()),
                                link.position(), link.tokenId()), RelayListener.NONE, new RunControl());
                same(name + " run " + r, again, recorded);
            }
        } finally {
            for (ModelPair pair : opened) {
                pair.close();
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
