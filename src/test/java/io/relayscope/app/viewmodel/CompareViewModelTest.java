package io.relayscope.app.viewmodel;

import io.relayscope.app.model.CompareLayout;
import io.relayscope.app.model.CompareRow;
import io.relayscope.app.service.BackgroundRunner;
import io.relayscope.engine.Policies;
import io.relayscope.engine.RelayRequest;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.PolicySpec;
import io.relayscope.trace.RunAlignment;
import io.relayscope.trace.SessionSamples;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The compare view model without any view, on the real sample sessions; "Run all" with a recording runner. */
class CompareViewModelTest {
    private final ExecutorService workers = Executors.newSingleThreadExecutor();
    private final LinkedBlockingQueue<Runnable> ui = new LinkedBlockingQueue<>();
    private final CompareViewModel vm = new CompareViewModel(new BackgroundRunner(workers, ui::add));

    @AfterEach
    void stop() {
        workers.shutdownNow();
    }

    private void pumpUntil(AtomicBoolean done) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!done.get()) {
            assertThat(System.nanoTime()).as("run all finished in time").isLessThan(end);
            Runnable r = ui.poll(50, TimeUnit.MILLISECONDS);
            if (r != null) {
                r.run();
            }
        }
    }

    private List<Trace> samples() throws Exception {
        return List.of(SessionSamples.sample("slm-only"), SessionSamples.sample("confidence"), SessionSamples.sample("llm-only"));
    }

    @Test
    void lanesAlignByResponsePositionWithTheDivergenceAndOneRowEach() throws Exception {
        List<Trace> runs = samples();
        vm.setRuns(CompareViewModel.byPolicy(runs));
        CompareLayout l = vm.layout();

        assertThat(vm.lanes()).extracting(CompareViewModel.Lane::label).containsExactly("slm-only", "confidence", "llm-only");
        // the SLM writes 17 for 32-17 where the LLM writes 15: response token 8 (the CLI's compare agrees)
        assertThat(l.divergence()).contains(8).isEqualTo(RunAlignment.firstDivergence(runs));
        assertThat(l.positions()).isEqualTo(runs.stream().mapToInt(t -> RunAlignment.response(t).size()).max().orElseThrow());
        for (int p = 0; p < l.positions(); p++) {
            for (int lane = 0; lane < 3; lane++) {
                if (l.token(lane, p) != null) {
                    assertThat(CompareLayout.shown(l.token(lane, p)).length()).isLessThanOrEqualTo(l.width(p));
                }
            }
            assertThat(l.positionAt(l.start(p))).isEqualTo(p);
            assertThat(l.positionAt(l.start(p) + l.width(p) - 0.01)).isEqualTo(p);
        }
        assertThat(l.positionAt(-1)).isEqualTo(-1);
        assertThat(l.positionAt(l.totalColumns())).isEqualTo(-1);

        List<CompareRow> rows = vm.rows();
        assertThat(rows).extracting(CompareRow::run).containsExactly("slm-only", "confidence", "llm-only");
        assertThat(rows).extracting(CompareRow::answer).containsExactly("4", "3", "3");
        assertThat(rows).extracting(CompareRow::check).containsExactly("\u2717 wrong (3)", "\u2713 right", "\u2713 right");
        assertThat(rows.get(0).llmRatio()).isZero();
        assertThat(rows.get(2).llmRatio()).isEqualTo(1.0);
        assertThat(rows.get(1).calls()).isEqualTo(runs.get(1).summary().calls());
        assertThat(rows.get(1).flopsSaving()).isGreaterThan(0).isLessThan(1);
        assertThat(vm.detailsProperty().get()).startsWith("The runs part at response token #8");
    }

    @Test
    void hoverSelectionAndScrollAreOneForEveryLane() throws Exception {
        vm.setRuns(CompareViewModel.byPolicy(samples()));
        CompareLayout l = vm.layout();
        vm.hoveredProperty().set(8);
        String d = vm.detailsProperty().get();
        assertThat(d).startsWith("#8:  slm-only \"7\" SLM p ").contains("\u00b7  confidence \"5\" LLM p ")
                .contains("\u00b7  llm-only \"5\" LLM p ");
        vm.hoveredProperty().set(-1);

        // selecting a position right of the viewport scrolls every lane so that it shows
        int far = l.positions() - 1;
        vm.select(far, 10);
        assertThat(vm.selectedProperty().get()).isEqualTo(far);
        assertThat(vm.scrollProperty().get()).isGreaterThan(0);
        assertThat(l.start(far) + l.width(far)).isLessThanOrEqualTo((int) Math.ceil(vm.scrollProperty().get() + 10));
        assertThat(vm.detailsProperty().get()).startsWith("#" + far + ":");
        vm.select(0, 10);
        assertThat(vm.scrollProperty().get()).isZero();
        vm.scrollBy(1e9, 10);
        assertThat(vm.scrollProperty().get()).isEqualTo(l.totalColumns() - 10.0);
        vm.scrollBy(-1e9, 10);
        assertThat(vm.scrollProperty().get()).isZero();
        vm.selectDivergence(10);
        assertThat(vm.selectedProperty().get()).isEqualTo(8);
    }

    @Test
    void randomTokenIsSetToTheRelaysLlmTokenRatio() throws Exception {
        Trace relay = SessionSamples.sample("model-command");
        TraceSummary s = relay.summary();
        PolicySpec p = CompareViewModel.randomTokenAtRatio(relay);
        double n = p.parameter("callTokens", 0);
        assertThat(n).isEqualTo(Math.max(1, Math.round((float) s.llmTokens() / Math.max(1, s.calls()))));
        double expectedRatio = p.parameter("p", 0) * n / (1 + p.parameter("p", 0) * n);
        assertThat(expectedRatio).isCloseTo(s.llmTokenRatio(), within(1e-9));
    }

    @Test
    void runAllRunsTheRelayFirstThenEveryChosenPolicyAsALane() throws Exception {
        Trace relay = SessionSamples.sample("model-command");
        List<RelayRequest> asked = new ArrayList<>();
        vm.policies().forEach(c -> c.selected().set(!c.name().equals(Policies.LLM_ONLY)));
        // the user's order puts random-token before the relay: the relay still runs first
        AtomicBoolean done = new AtomicBoolean();
        RelayRequest base = RelayRequest.greedy(relay.header().prompt(), new PolicySpec(Policies.CONFIDENCE,
                java.util.Map.of("threshold", 0.8, "callTokens", 2.0)));
        vm.runAll(base, request -> {
            synchronized (asked) {
                asked.add(request);
            }
            return relay;
        }, () -> done.set(true));
        assertThat(vm.runningProperty().get()).isTrue();
        pumpUntil(done);

        assertThat(asked).extracting(r -> r.policy().name()).containsExactly(Policies.MODEL_COMMAND, Policies.CONFIDENCE,
                Policies.RANDOM_TOKEN, Policies.RANDOM_QUERY, Policies.SLM_ONLY);
        assertThat(asked.get(1).policy()).isEqualTo(base.policy()); // the settings' confidence parameters
        assertThat(asked.get(2).policy()).isEqualTo(CompareViewModel.randomTokenAtRatio(relay));
        assertThat(asked).allSatisfy(r -> assertThat(r.prompt()).isEqualTo(base.prompt()));
        assertThat(vm.lanes()).extracting(CompareViewModel.Lane::label).containsExactly("model-command", "confidence",
                "random-token", "random-query", "slm-only");
        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(vm.statusProperty().get()).isEqualTo("Ran 5 policies on the prompt.");
    }

    @Test
    void aStoppedRunEndsRunAllWithTheLanesSoFar() throws Exception {
        Trace relay = SessionSamples.sample("model-command");
        Trace cancelled = new Trace(relay.header(), relay.tokens(), relay.calls(), withFinish(relay.summary(), FinishReason.CANCELLED));
        List<String> asked = new ArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        vm.runAll(RelayRequest.greedy(relay.header().prompt(), new PolicySpec(Policies.SLM_ONLY, java.util.Map.of())), r -> {
            synchronized (asked) {
                asked.add(r.policy().name());
            }
            return asked.size() == 2 ? cancelled : relay;
        }, () -> done.set(true));
        pumpUntil(done);
        assertThat(asked).containsExactly(Policies.MODEL_COMMAND, Policies.CONFIDENCE);
        assertThat(vm.lanes()).hasSize(2);
        assertThat(vm.statusProperty().get()).startsWith("Stopped during confidence");
    }

    private static TraceSummary withFinish(TraceSummary s, FinishReason f) {
        return new TraceSummary(s.promptTokens(), s.slmTokens(), s.llmTokens(), s.commandTokens(), s.calls(), s.llmTokenRatio(),
                f, s.error(), s.wallMicros(), s.slmCost(), s.llmCost(), s.savingVsLlmOnly(), s.responseText());
    }
}
