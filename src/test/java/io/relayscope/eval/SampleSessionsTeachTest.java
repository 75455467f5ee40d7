package io.relayscope.eval;

import io.relayscope.engine.DemoModels;
import io.relayscope.engine.ModelPair;
import io.relayscope.engine.Policies;
import io.relayscope.engine.RelayEngine;
import io.relayscope.engine.RelayRequest;
import io.relayscope.trace.PolicySpec;
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
 * fixes the base SLM's error, a call that was not needed, a random call that misses, a long multi-step problem.
 */
class SampleSessionsTeachTest {
    private static final Map<String, String> ANSWERS = Datasets.read(DemoModels.dataset("arith-test-v1.jsonl"), 0).stream()
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
