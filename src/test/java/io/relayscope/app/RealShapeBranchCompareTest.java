package io.relayscope.app;

import io.relayscope.app.viewmodel.CompareViewModel;
import io.relayscope.app.viewmodel.MainViewModel;
import io.relayscope.app.viewmodel.RunSettingsViewModel;
import io.relayscope.engine.Policies;
import io.relayscope.engine.PromptStyle;
import io.relayscope.engine.realshape.GoldenPrompt;
import io.relayscope.trace.RunAlignment;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;

import java.util.List;

import static io.relayscope.app.AppFixture.fx;
import static io.relayscope.app.AppFixture.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Branch and compare on a real-shaped pair, from the app's view model with the real model service: the
 * onnx-community Qwen3-shaped q4 pair (the real Qwen3 tokenizer and chat template) with a system prompt and thinking
 * off. A branch keeps the parent's prompt style (the same chat-templated prompt, token for token, and promptSpec),
 * has the chosen token in place and is compared with its parent; Run all answers the same templated prompt.
 */
@ExtendWith(ApplicationExtension.class)
class RealShapeBranchCompareTest {
    @Test
    void aBranchOfAChatTemplatedRunKeepsItsPromptAndComparesWithItsParent() throws Exception {
        GoldenPrompt golden = GoldenPrompt.of("qwen3/non-ascii/thinking-false");
        try (RealShapeQ4ViewModel pair = new RealShapeQ4ViewModel()) {
            MainViewModel vm = pair.vm;
            TestDialogs dialogs = pair.dialogs;
            fx(() -> {
                RunSettingsViewModel s = vm.settings();
                s.promptProperty().set(golden.user());
                s.systemPromptProperty().set(golden.system());
                s.thinkingProperty().set(PromptStyle.Thinking.OFF);
                s.policyProperty().set(Policies.CONFIDENCE);
                s.thresholdProperty().set(0.9);
                s.maxNewTokensProperty().set(8);
                vm.run();
                return null;
            });
            waitFor(180, () -> !vm.runningProperty().get() && vm.sessionView().currentTrace().isPresent());
            assertThat(dialogs.errors()).isEmpty();
            Trace parent = fx(() -> vm.sessionView().currentTrace().orElseThrow());
            assertThat(promptIds(parent)).as("the templated prompt").containsExactly(golden.ids());
            assertThat(parent.header().promptSpec().system()).isEqualTo(golden.system());

            // continue from response token 2 with another of its alternatives
            int at = parent.summary().promptTokens() + 2;
            TokenRecord there = parent.tokens().get(at);
            int other = there.alternatives().stream().mapToInt(a -> a.id()).filter(id -> id != there.id()).findFirst().orElseThrow();
            fx(() -> {
                vm.branch(at, other);
                return null;
            });
            waitFor(180, () -> !vm.runningProperty().get() && vm.branches().tree().size() == 2);
            assertThat(dialogs.errors()).as("the branch ran").isEmpty();
            Trace branch = fx(() -> vm.branches().tree().node(1).trace());
            assertThat(branch.summary().error()).isNull();
            assertThat(promptIds(branch)).as("the branch feeds the parent's chat-templated prompt").containsExactly(golden.ids());
            assertThat(branch.header().promptSpec()).as("and records the same prompt style").isEqualTo(parent.header().promptSpec());
            assertThat(branch.header().promptText()).isEqualTo(parent.header().promptText());
            assertThat(branch.tokens().get(at).id()).as("the chosen token in place").isEqualTo(other);
            assertThat(branch.tokens().subList(0, at).stream().map(TokenRecord::id).toList())
                    .isEqualTo(parent.tokens().subList(0, at).stream().map(TokenRecord::id).toList());
            assertThat(branch.summary().responseTokens()).isGreaterThan(2);

            // compared with its parent: they part where the token was forced
            fx(() -> {
                vm.compareWithParent();
                return null;
            });
            List<Trace> lanes = fx(() -> vm.compare().lanes().stream().map(CompareViewModel.Lane::trace).toList());
            assertThat(lanes).hasSize(2);
            assertThat(fx(() -> vm.compare().layout().divergence())).contains(at - parent.summary().promptTokens())
                    .isEqualTo(RunAlignment.firstDivergence(lanes));
            assertThat(fx(() -> vm.compare().timelines().get(1).promptTokens())).isEqualTo(golden.ids().length);

            // Run all on the same pair: every lane answers the same templated prompt
            fx(() -> {
                vm.compare().policies().forEach(c -> c.selected().set(c.name().equals(Policies.CONFIDENCE)
                        || c.name().equals(Policies.SLM_ONLY)));
                vm.settings().maxNewTokensProperty().set(5);
                vm.runAllPolicies();
                return null;
            });
            waitFor(180, () -> !vm.runningProperty().get() && !vm.compare().runningProperty().get());
            assertThat(dialogs.errors()).isEmpty();
            List<Trace> all = fx(() -> vm.compare().lanes().stream().map(CompareViewModel.Lane::trace).toList());
            assertThat(all).extracting(t -> t.header().policy().name()).containsExactly(Policies.CONFIDENCE, Policies.SLM_ONLY);
            for (Trace t : all) {
                assertThat(promptIds(t)).containsExactly(golden.ids());
                assertThat(t.header().promptSpec()).isEqualTo(parent.header().promptSpec());
                assertThat(t.summary().error()).isNull();
                assertThat(t.summary().responseTokens()).isPositive();
            }
            assertThat(fx(() -> vm.compare().rows().size())).isEqualTo(2);
        }
    }

    private static int[] promptIds(Trace t) {
        return t.tokens().stream().filter(x -> x.source() == Source.PROMPT).mapToInt(TokenRecord::id).toArray();
    }
}
