package io.relayscope.eval;

import io.relayscope.engine.DemoModels;
import io.relayscope.engine.ModelPair;
import io.relayscope.engine.Policies;
import io.relayscope.engine.RelayEngine;
import io.relayscope.engine.RelayRequest;
import io.relayscope.trace.Alternative;
import io.relayscope.trace.BranchLink;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.PolicySpec;
import io.relayscope.trace.Session;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Source;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample sessions that record.sh picks show what their names promise, on the committed demo models: a call that
 * fixes the base SLM's error, a call that was not needed, a random call that misses, a long multi-step problem, a
 * batch of test problems in one session, a compare set, a branch tree.
 */
class SampleSessionsTeachTest {
    private static final Map<String, String> ANSWERS = Datasets.read(DemoModels.dataset("arith-test.jsonl"), 0).stream()
            .collect(Collectors.toMap(Problem::question, Problem::answer, (a, b) -> a));

    @Test
    void eachTeachingSampleShowsItsBehaviour() throws Exception {
        Trace fixes = read("call-fixes-error");
        assertThat(fixes.calls()).isNotEmpty();
        assertThat(right(fixes)).as("the relay answers right").isTrue();
        assertThat(right(baseAlone(fixes))).as("the base SLM alone answers it wrong").isFalse();

        Trace needless = read("call-not-needed");
        assertThat(needless.calls()).isNotEmpty();
        assertThat(right(needless)).isTrue();
        assertThat(right(baseAlone(needless))).as("the base SLM alone was right already").isTrue();

        Trace misses = read("random-call-misses");
        assertThat(misses.header().policy().name()).isEqualTo(Policies.RANDOM_TOKEN);
        assertThat(misses.calls()).isNotEmpty();
        assertThat(right(misses)).as("the random call did not save the answer").isFalse();

        Trace steps = read("long-multi-step");
        assertThat(right(steps)).isTrue();
        String response = response(steps);
        assertThat(response.chars().filter(c -> c == '=').count()).as("a problem of several steps: " + response)
                .isGreaterThanOrEqualTo(3);
    }

    /**
     * compare-set: one session file whose compare set is the five policy samples of the first-minute question, in
     * lane order, each run the sample's own, token for token; at least two of them part, and one calls the LLM.
     */
    @Test
    void theCompareSetIsTheFivePolicySamplesAsOneSession() throws Exception {
        Session set = TraceCodec.readSession(Path.of("sample-sessions/compare-set.json"));
        List<String> lanes = List.of("model-command", "confidence", "random-token", "slm-only", "llm-only");
        assertThat(set.compare()).containsExactly(0, 1, 2, 3, 4);
        for (int i = 0; i < lanes.size(); i++) {
            Trace own = read(lanes.get(i));
            assertThat(set.runs().get(i).header().policy().name()).isEqualTo(lanes.get(i));
            assertThat(set.runs().get(i).tokens()).as(lanes.get(i)).isEqualTo(own.tokens());
        }
        assertThat(io.relayscope.trace.RunAlignment.firstDivergence(set.runs())).as("the runs part somewhere").isPresent();
        assertThat(set.runs().stream().filter(t -> !t.calls().isEmpty()).count()).isPositive();
    }

    /**
     * dataset-batch: one session file (format 1.2) holding the relay's runs on the first test problems, in dataset
     * order, each a different problem answered to its own end (an answer to read, no cut-off or degenerate text):
     * long because it is a batch, with calls to see.
     */
    @Test
    void theDatasetBatchIsOneSessionOfTestProblemsEachAnsweredToItsEnd() throws Exception {
        Session batch = readSession("dataset-batch");
        assertThat(batch.runs()).as("runs").hasSizeGreaterThanOrEqualTo(10);
        assertThat(batch.runs().get(0).header().formatVersion()).isEqualTo(Session.FORMAT_VERSION);
        List<String> questions = batch.runs().stream().map(t -> t.header().prompt().strip()).toList();
        List<String> firstProblems = Datasets.read(DemoModels.dataset("arith-test.jsonl"), questions.size()).stream()
                .map(Problem::question).toList();
        assertThat(questions).as("the first test problems, in order").isEqualTo(firstProblems).doesNotHaveDuplicates();
        int tokens = 0;
        for (Trace t : batch.runs()) {
            assertThat(t.summary().finishReason()).as(t.header().prompt()).isIn(FinishReason.SLM_EOS, FinishReason.LLM_EOS);
            assertThat(Answers.extract(response(t))).as("an answer in " + response(t)).isNotBlank();
            tokens += t.tokens().size() - t.summary().promptTokens();
            assertThat(ANSWERS).as("a test-set question").containsKey(t.header().prompt().strip());
        }
        int longest = batch.runs().stream().mapToInt(t -> t.tokens().size() - t.summary().promptTokens()).max().orElseThrow();
        assertThat(tokens).as("long because of the batch, not one run's length").isGreaterThanOrEqualTo(5 * longest);
        assertThat(batch.runs()).as("calls to see").anyMatch(t -> !t.calls().isEmpty());
    }

    /**
     * branch-tree: one run and branches from alternative tokens, a tree (a branch of a branch) in one session file:
     * each branch keeps its parent's tokens before its position, has there a token the parent's writer considered
     * instead of the one it wrote, and goes another way; one of them ends with another answer.
     */
    @Test
    void theBranchTreeHoldsARunAndBranchesFromAlternativeTokens() throws Exception {
        Session tree = readSession("branch-tree");
        assertThat(tree.runs().get(0).header().formatVersion()).isEqualTo(Session.FORMAT_VERSION);
        assertThat(tree.problem()).isNull();
        assertThat(tree.branches()).as("branches").hasSizeGreaterThanOrEqualTo(3);
        assertThat(java.util.stream.IntStream.range(0, tree.runs().size()).filter(r -> tree.linkOf(r) == null).count())
                .as("one root").isEqualTo(1);
        assertThat(java.util.stream.IntStream.range(0, tree.runs().size()).map(tree::depth).max().orElseThrow())
                .as("a branch of a branch").isGreaterThanOrEqualTo(2);
        boolean otherAnswer = false;
        for (BranchLink b : tree.branches()) {
            Trace parent = tree.runs().get(b.parent());
            Trace child = tree.runs().get(b.run());
            String what = "run " + b.run() + " from run " + b.parent() + " at " + b.position();
            assertThat(ids(child).subList(0, b.position())).as(what + ": the parent's prefix")
                    .isEqualTo(ids(parent).subList(0, b.position()));
            TokenRecord was = parent.tokens().get(b.position());
            assertThat(b.tokenId()).as(what).isNotEqualTo(was.id()).isEqualTo(child.tokens().get(b.position()).id());
            assertThat(was.alternatives()).as(what + ": a token the writer considered").extracting(Alternative::id)
                    .contains(b.tokenId());
            assertThat(response(child)).as(what + ": another way").isNotEqualTo(response(parent));
            otherAnswer |= !Answers.extract(response(child)).equals(Answers.extract(response(parent)));
        }
        assertThat(otherAnswer).as("a branch that ends with another answer").isTrue();
    }

    private static List<Integer> ids(Trace t) {
        return t.tokens().stream().map(TokenRecord::id).toList();
    }

    private static Session readSession(String name) throws Exception {
        Path file = Path.of("sample-sessions", name + ".json");
        assertThat(file).as("record.sh writes " + file).isRegularFile();
        return TraceCodec.readSession(file);
    }

    private static Trace read(String name) throws Exception {
        Path file = Path.of("sample-sessions", name + ".json");
        assertThat(file).as("record.sh writes " + file).isRegularFile();
        return TraceCodec.read(file);
    }

    private static boolean right(Trace t) {
        String expected = ANSWERS.get(t.header().prompt().strip());
        assertThat(expected).as("a test-set question: " + t.header().prompt()).isNotNull();
        return Answers.matches(Answers.extract(response(t)), Answers.reference(expected));
    }

    private static String response(Trace t) {
        return t.tokens().stream().filter(x -> x.source() != Source.PROMPT && x.source() != Source.COMMAND)
                .map(x -> x.text()).collect(Collectors.joining());
    }

    /** The same question answered by the base SLM alone (greedy, as recorded). */
    private static Trace baseAlone(Trace t) {
        try (ModelPair pair = ModelPair.open(DemoModels.slmBase(), DemoModels.llm())) {
            RelayRequest r = RelayRequest.of(t.header());
            RelayRequest alone = new RelayRequest(r.prompt(), new PolicySpec(Policies.SLM_ONLY, Map.of()), r.slmSampling(),
                    r.llmSampling(), r.seed(), r.limits(), r.promptStyle());
            return new RelayEngine(pair).run(alone);
        }
    }
}
