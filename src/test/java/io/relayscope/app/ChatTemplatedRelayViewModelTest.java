package io.relayscope.app;

import io.relayscope.app.viewmodel.MainViewModel;
import io.relayscope.app.viewmodel.RunSettingsViewModel;
import io.relayscope.engine.PromptStyle;
import io.relayscope.engine.realshape.GoldenPrompt;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;

import java.util.List;

import static io.relayscope.app.AppFixture.fx;
import static io.relayscope.app.AppFixture.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end from the app's view model, with the real model service: the onnx-community Qwen3-shaped pair (random
 * weights, the real Qwen3 tokenizer and chat template) with both models on their q4 (MatMulNBits) variant, a system
 * prompt, thinking off and a relay policy. The prompt the engine fed is, id for id, the python3-jinja2 golden
 * render of the same messages as transformers.js' tokenizer encodes it; the trace records the prompt spec and the run
 * finishes with relayed LLM tokens.
 */
@ExtendWith(ApplicationExtension.class)
class ChatTemplatedRelayViewModelTest {
    @Test
    void q4PairRelaysTheGoldenTemplatedPrompt() throws Exception {
        GoldenPrompt golden = GoldenPrompt.of("qwen3/non-ascii/thinking-false");
        try (RealShapeQ4ViewModel pair = new RealShapeQ4ViewModel()) {
            MainViewModel vm = pair.vm;
            TestDialogs dialogs = pair.dialogs;
            assertThat(fx(() -> vm.models().slmNameProperty().get())).isEqualTo("qwen3-onnx-community (q4)");
            assertThat(fx(() -> vm.models().llmNameProperty().get())).isEqualTo("qwen3-onnx-community (q4)");

            fx(() -> {
                RunSettingsViewModel s = vm.settings();
                s.promptProperty().set(golden.user());
                s.systemPromptProperty().set(golden.system());
                s.thinkingProperty().set(PromptStyle.Thinking.OFF);
                s.policyProperty().set("confidence");
                s.thresholdProperty().set(0.9);
                s.maxNewTokensProperty().set(12);
                return null;
            });
            assertThat(fx(() -> vm.settings().promptPreviewProperty().get())).isEqualTo(golden.text());
            fx(() -> {
                vm.run();
                return null;
            });
            waitFor(180, () -> !vm.runningProperty().get() && vm.sessionView().currentTrace().isPresent());
            assertThat(dialogs.errors()).isEmpty();
            Trace t = fx(() -> vm.sessionView().currentTrace().orElseThrow());

            int[] fed = t.tokens().stream().filter(x -> x.source() == Source.PROMPT).mapToInt(TokenRecord::id).toArray();
            assertThat(golden.ids()).as("special tokens are single ids").contains(151644, 151645);
            assertThat(fed).as("prompt ids = transformers.js' tokens of the python3-jinja2 render").containsExactly(golden.ids());
            assertThat(t.header().promptText()).isEqualTo(golden.text());
            assertThat(t.header().promptSpec().format()).isEqualTo("chat-template");
            assertThat(t.header().promptSpec().template()).isEqualTo("tokenizer_config.json");
            assertThat(t.header().promptSpec().system()).isEqualTo(golden.system());
            assertThat(t.header().promptSpec().thinking()).isEqualTo("off");
            assertThat(t.header().models()).extracting(m -> m.name())
                    .containsExactly("qwen3-onnx-community (q4)", "qwen3-onnx-community (q4)");
            assertThat(t.summary().error()).isNull();
            assertThat(t.summary().finishReason()).isIn(FinishReason.MAX_TOKENS, FinishReason.SLM_EOS, FinishReason.LLM_EOS);
            assertThat(t.summary().responseTokens()).isPositive();
            assertThat(t.tokens().stream().filter(x -> x.source() == Source.LLM).count())
                    .as("random weights are never 90% sure: the LLM writes").isPositive();
            assertThat(TraceCodec.readString(TraceCodec.writeString(t)).header().promptSpec()).isEqualTo(t.header().promptSpec());

            // the "done when": every policy from the app, on the same q4 pair, with the chat template applied
            for (String policy : io.relayscope.engine.Policies.NAMES) {
                fx(() -> {
                    RunSettingsViewModel s = vm.settings();
                    s.policyProperty().set(policy);
                    s.probabilityProperty().set(0.5);
                    s.maxNewTokensProperty().set(6);
                    vm.run();
                    return null;
                });
                waitFor(180, () -> !vm.runningProperty().get() && vm.sessionView().currentTrace()
                        .map(x -> x.header().policy().name().equals(policy)).orElse(false));
                assertThat(dialogs.errors()).as(policy).isEmpty();
                Trace r = fx(() -> vm.sessionView().currentTrace().orElseThrow());
                assertThat(r.tokens().stream().filter(x -> x.source() == Source.PROMPT).mapToInt(TokenRecord::id).toArray())
                        .as(policy + ": the templated prompt").containsExactly(golden.ids());
                assertThat(r.header().promptSpec().format()).as(policy).isEqualTo("chat-template");
                assertThat(r.summary().error()).as(policy).isNull();
                assertThat(r.summary().responseTokens()).as(policy).isPositive();
                if (policy.equals(io.relayscope.engine.Policies.LLM_ONLY)) {
                    assertThat(r.tokens().stream().noneMatch(x -> x.source() == Source.SLM)).as("llm-only: the LLM writes all").isTrue();
                }
                if (policy.equals(io.relayscope.engine.Policies.SLM_ONLY)) {
                    assertThat(r.tokens().stream().noneMatch(x -> x.source() == Source.LLM)).as("slm-only: no LLM token").isTrue();
                }
            }
        }
    }
}
