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
import io.relayscope.trace.cost.CostMeasure;
import io.relayscope.trace.cost.CostSheet;
import io.relayscope.trace.cost.Prices;
import io.relayscope.trace.cost.RunCounts;
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
        // where the SLM alone and the LLM write different tokens first (the CLI's compare agrees)
        assertThat(l.divergence()).isPresent().isEqualTo(RunAlignment.firstDivergence(runs));
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
        // the compare set is recorded on the first-minute question (record.sh): each run's answer and its check
        String expected = io.relayscope.app.service.SampleQuestions.FIRST_MINUTE_ANSWER;
        List<String> answers = runs.stream().map(t -> {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("Answer: (\\d+)").matcher(t.summary().responseText());
            return m.find() ? m.group(1) : "";
        }).toList();
        assertThat(rows).extracting(CompareRow::answer).containsExactlyElementsOf(answers);
        assertThat(rows).extracting(CompareRow::check).containsExactlyElementsOf(answers.stream()
                .map(a -> a.equals(expected) ? "\u2713 right" : "\u2717 wrong (" + expected + ")").toList());
        assertThat(answers.get(0)).as("the SLM alone answers the first-minute question wrong").isNotEqualTo(expected);
        assertThat(rows.get(0).llmRatio()).isZero();
        assertThat(rows.get(2).llmRatio()).isEqualTo(1.0);
        assertThat(rows.get(1).calls()).isEqualTo(runs.get(1).summary().calls());
        assertThat(rows.get(1).flopsSaving()).isGreaterThan(0).isLessThan(1);
        assertThat(vm.detailsProperty().get()).startsWith("The runs part at response token #" + l.divergence().orElseThrow());
    }

    @Test
    void hoverSelectionAndScrollAreOneForEveryLane() throws Exception {
        vm.setRuns(CompareViewModel.byPolicy(samples()));
        CompareLayout l = vm.layout();
        int div = l.divergence().orElseThrow();
        List<Trace> runs = samples();
        vm.hoveredProperty().set(div);
        String d = vm.detailsProperty().get();
        assertThat(d).startsWith("#" + div + ":  slm-only " + io.relayscope.app.model.TokenDetails.quote(l.token(0, div).text())
                        + " SLM p ")
                .contains("\u00b7  confidence " + io.relayscope.app.model.TokenDetails.quote(l.token(1, div).text()) + " "
                        + l.token(1, div).source() + " p ")
                .contains("\u00b7  llm-only " + io.relayscope.app.model.TokenDetails.quote(l.token(2, div).text())
                        + " LLM p ");
        assertThat(runs).hasSize(3);
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
        assertThat(vm.selectedProperty().get()).isEqualTo(div);
    }

    @Test
    void everyLaneHasItsRunsRelayTimelineAlignedByResponseAndFollowingTheLanes() throws Exception {
        List<Trace> runs = List.of(SessionSamples.sample("model-command"), SessionSamples.sample("slm-only"),
                SessionSamples.sample("llm-only"));
        vm.setRuns(CompareViewModel.byPolicy(runs));
        vm.setTimelineWidth(800);
        vm.setVisibleColumns(12);
        assertThat(vm.timelines()).hasSize(3);
        for (int lane = 0; lane < 3; lane++) {
            Trace t = runs.get(lane);
            CompareTimeline c = vm.timelines().get(lane);
            TimelineViewModel tl = c.timeline();
            // the main window's timeline model over the whole run: every token's writer and every call
            assertThat(tl.data().tokenCount()).isEqualTo(t.tokens().size());
            for (int i = 0; i < t.tokens().size(); i++) {
                assertThat(tl.data().sourceAt(i)).isEqualTo(t.tokens().get(i).source());
            }
            assertThat(tl.data().calls()).isEqualTo(t.calls());
            assertThat(c.promptTokens()).isEqualTo(t.summary().promptTokens());
            // fitted: the whole run in view, response position 0 at the same x in every lane
            assertThat(tl.xOfToken(c.promptTokens())).isCloseTo(vm.timelines().get(0).timeline().xOfToken(
                    vm.timelines().get(0).promptTokens()), within(1e-9));
            assertThat(tl.xOfToken(t.tokens().size())).isLessThanOrEqualTo(800);
            assertThat(tl.highlightFrom()).isEqualTo(c.promptTokens());
        }
        assertThat(runs.get(0).calls()).as("the relay sample calls the LLM").isNotEmpty();

        // the lanes scroll: the part in view moves on every timeline
        vm.scrollBy(20, 12);
        CompareLayout l = vm.layout();
        int first = l.positionAt(vm.scrollProperty().get());
        for (CompareTimeline c : vm.timelines()) {
            assertThat(c.timeline().highlightFrom()).isEqualTo(c.promptTokens() + first);
            assertThat(c.timeline().highlightTo()).isGreaterThan(c.promptTokens() + first);
        }
        // by default the timelines mark where the runs part; hovered, the hovered position
        int split = l.divergence().orElseThrow();
        assertThat(vm.timelines()).allSatisfy(c -> assertThat(c.markedProperty().get()).isEqualTo(c.promptTokens() + split));
        vm.hoveredProperty().set(3);
        assertThat(vm.timelines()).allSatisfy(c -> assertThat(c.markedProperty().get()).isEqualTo(c.promptTokens() + 3));

        // hovering a timeline hovers that position in every lane; clicking it selects it
        CompareTimeline slm = vm.timelines().get(1);
        double x = slm.timeline().xOfToken(slm.promptTokens() + 5.5);
        slm.timeline().hover(x, TimelineViewModel.Lane.SLM);
        assertThat(vm.hoveredProperty().get()).isEqualTo(5);
        assertThat(vm.detailsProperty().get()).startsWith("#5:");
        slm.timeline().click(x, TimelineViewModel.Lane.SLM);
        assertThat(vm.selectedProperty().get()).isEqualTo(5);
        slm.timeline().hover(0, null);
        assertThat(vm.hoveredProperty().get()).isEqualTo(-1);

        // a call bar of the relay's timeline, hovered, says who asked for how many tokens
        CompareTimeline relay = vm.timelines().get(0);
        var call = runs.get(0).calls().get(0);
        relay.timeline().hover(relay.timeline().xOfToken(call.position() + 0.5), TimelineViewModel.Lane.LLM);
        assertThat(vm.detailsProperty().get()).isEqualTo("model-command: " + io.relayscope.app.model.TokenDetails.describe(call));
        relay.timeline().hover(0, null);

        // zooming or panning one timeline moves every other to the same response positions
        vm.timelines().get(2).timeline().zoom(3, 100);
        double tpp = vm.timelines().get(2).timeline().tokensPerPixelProperty().get();
        double start = vm.timelines().get(2).timeline().viewStartProperty().get() - vm.timelines().get(2).promptTokens();
        for (CompareTimeline c : vm.timelines()) {
            assertThat(c.timeline().tokensPerPixelProperty().get()).isEqualTo(tpp);
            assertThat(c.timeline().viewStartProperty().get() - c.promptTokens()).isCloseTo(start, within(1e-9));
        }
        // zoomed in, a scroll of the lanes far to the right brings the part in view into every timeline
        vm.scrollBy(1e9, 12);
        for (CompareTimeline c : vm.timelines()) {
            TimelineViewModel t = c.timeline();
            assertThat(t.highlightFrom()).isGreaterThanOrEqualTo(t.viewStartProperty().get());
            assertThat(t.xOfToken(t.highlightTo())).isLessThanOrEqualTo(800 + 1e-6);
        }
        vm.remove(0);
        assertThat(vm.timelines()).hasSize(2);
        assertThat(vm.timelines().get(0).tokens()).isEqualTo(runs.get(1).tokens().size());
    }

    @Test
    void theTableCostsMoneyAtTheAppsPricesAsTheCostTableDoesAndIsOffWithout() throws Exception {
        List<Trace> runs = samples();
        vm.setRuns(CompareViewModel.byPolicy(runs));
        assertThat(vm.rows()).allSatisfy(r -> assertThat(r.money()).isEmpty());
        assertThat(CostSheet.moneyText(vm.rows().get(0).money())).isEqualTo("off");

        Prices prices = new Prices(0.1, 0.05, 0.2, 0.6, 0.15, 2.4);
        vm.pricesProperty().set(prices);
        for (int lane = 0; lane < runs.size(); lane++) {
            Trace t = runs.get(lane);
            CompareRow row = vm.rows().get(lane);
            assertThat(row.money()).hasValue(CostSheet.of(RunCounts.of(t), prices).money().getAsDouble());
            // the main window's cost table shows the same money for the same run at the same prices
            SessionViewModel main = new SessionViewModel(() -> false);
            main.counters().pricesProperty().set(prices);
            main.load(t);
            main.counters().publish();
            String appMoney = main.counters().costLines().stream().filter(c -> c.measure() == CostMeasure.MONEY)
                    .findFirst().orElseThrow().value();
            assertThat(CostSheet.moneyText(row.money())).isEqualTo(appMoney).startsWith("$");
        }
        assertThat(vm.rows().get(2).money().getAsDouble()).as("the LLM alone costs more than the SLM alone")
                .isGreaterThan(vm.rows().get(0).money().getAsDouble());
        vm.pricesProperty().set(Prices.NONE);
        assertThat(vm.rows()).allSatisfy(r -> assertThat(r.money()).isEmpty());
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
        vm.runAll(base, (request, events) -> {
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
        assertThat(vm.statusProperty().get()).isEqualTo("Ran 5 policies on the prompt with "
                + String.join(" + ", relay.header().models().stream().map(m -> m.name()).toList()) + ".");
    }

    @Test
    void aStoppedRunEndsRunAllWithTheLanesSoFar() throws Exception {
        Trace relay = SessionSamples.sample("model-command");
        Trace cancelled = new Trace(relay.header(), relay.tokens(), relay.calls(), withFinish(relay.summary(), FinishReason.CANCELLED));
        List<String> asked = new ArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        vm.runAll(RelayRequest.greedy(relay.header().prompt(), new PolicySpec(Policies.SLM_ONLY, java.util.Map.of())), (r, events) -> {
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

    @Test
    void runAllFillsEachLaneAsItsTokensAreDecodedAndTheFinalTraceTakesItsPlace() throws Exception {
        Trace relay = SessionSamples.sample("model-command");
        Trace slm = SessionSamples.sample("slm-only");
        vm.policies().forEach(c -> c.selected().set(c.name().equals(Policies.MODEL_COMMAND) || c.name().equals(Policies.SLM_ONLY)));
        int prompt = relay.summary().promptTokens();
        int firstCall = relay.calls().get(0).position();
        int half = firstCall + 3; // the relay's first call and a few tokens after it, then the decoder waits
        java.util.concurrent.Semaphore go = new java.util.concurrent.Semaphore(0);
        AtomicBoolean done = new AtomicBoolean();
        vm.runAll(RelayRequest.greedy(relay.header().prompt(), relay.header().policy()), (request, events) -> {
            Trace t = request.policy().name().equals(Policies.MODEL_COMMAND) ? relay : slm;
            events.onStart(t.header());
            int stop = t == relay ? half : t.tokens().size() / 2;
            stream(t, 0, stop, events);
            go.acquireUninterruptibly(); // the test looks at the lanes in the middle of the run
            stream(t, stop, t.tokens().size(), events);
            events.onFinish(t);
            return t;
        }, () -> done.set(true));

        // the relay's lane fills while it is decoded: its tokens, its timeline with the call, its table row
        pumpUntil(() -> vm.lanes().size() == 1 && vm.lanes().get(0).trace().tokens().size() == half);
        assertThat(vm.runningProperty().get()).isTrue();
        assertThat(vm.isStreaming()).isTrue();
        Trace partial = vm.lanes().get(0).trace();
        assertThat(partial.tokens()).isEqualTo(relay.tokens().subList(0, half));
        assertThat(partial.calls()).containsExactly(relay.calls().get(0));
        assertThat(vm.lanes().get(0).label()).isEqualTo("model-command");
        assertThat(vm.layout().positions()).isEqualTo(half - prompt);
        assertThat(vm.timelines().get(0).timeline().data().tokenCount()).isEqualTo(half);
        assertThat(vm.timelines().get(0).timeline().data().calls()).containsExactly(relay.calls().get(0));
        assertThat(vm.rows()).hasSize(1);
        assertThat(vm.rows().get(0).calls()).isEqualTo(1);
        assertThat(vm.rows().get(0).check()).as("no right or wrong before the run ends").isEqualTo("decoding\u2026");
        go.release();

        // then the slm-only lane streams beside the finished relay, the divergence already marked
        pumpUntil(() -> vm.lanes().size() == 2 && vm.lanes().get(1).trace().tokens().size() == slm.tokens().size() / 2);
        assertThat(vm.lanes().get(0).trace()).as("the relay's final trace took its lane's place").isSameAs(relay);
        assertThat(vm.timelines().get(0).timeline().data().tokenCount()).isEqualTo(relay.tokens().size());
        assertThat(vm.lanes().get(1).trace().summary().finishReason()).isEqualTo(FinishReason.CANCELLED);
        int split = RunAlignment.firstDivergence(List.of(relay, slm)).orElseThrow();
        if (split < slm.tokens().size() / 2 - prompt) {
            assertThat(vm.layout().divergence()).as("the divergence, live").contains(split);
        }
        go.release();
        pumpUntil(done::get);
        assertThat(vm.isStreaming()).isFalse();
        assertThat(vm.lanes()).extracting(CompareViewModel.Lane::trace).containsExactly(relay, slm);
        assertThat(vm.layout().divergence()).contains(split);
        assertThat(vm.rows()).extracting(CompareRow::run).containsExactly("model-command", "slm-only");
        assertThat(vm.rows()).allSatisfy(r -> assertThat(r.check()).isNotEqualTo("decoding\u2026"));
        assertThat(vm.timelines().get(1).timeline().data().tokenCount()).isEqualTo(slm.tokens().size());
    }

    /** Tokens [from, to) of a trace through a listener, with each call once its first token has gone. */
    private static void stream(Trace t, int from, int to, io.relayscope.engine.RelayListener events) {
        for (int i = from; i < to; i++) {
            events.onToken(t.tokens().get(i));
            for (var c : t.calls()) {
                if (c.position() == i) {
                    events.onCall(c);
                }
            }
        }
    }

    /** Runs the UI queue and drains the streaming lane once a "frame" until the condition holds. */
    private void pumpUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("in time").isLessThan(end);
            Runnable r = ui.poll(10, TimeUnit.MILLISECONDS);
            if (r != null) {
                r.run();
            }
            vm.drainLive();
        }
    }

    private static TraceSummary withFinish(TraceSummary s, FinishReason f) {
        return new TraceSummary(s.promptTokens(), s.slmTokens(), s.llmTokens(), s.commandTokens(), s.calls(), s.llmTokenRatio(),
                f, s.error(), s.wallMicros(), s.slmCost(), s.llmCost(), s.savingVsLlmOnly(), s.responseText());
    }
}
