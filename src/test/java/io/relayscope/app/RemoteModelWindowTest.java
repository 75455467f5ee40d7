package io.relayscope.app;

import io.relayscope.app.service.RemoteModelForm;
import io.relayscope.app.view.RemoteModelDialog;
import io.relayscope.engine.CausalLm;
import io.relayscope.engine.DemoModels;
import io.relayscope.engine.OnnxCausalLm;
import io.relayscope.serve.CompletionServer;
import io.relayscope.serve.ServeConfig;
import io.relayscope.trace.Source;
import javafx.scene.control.ButtonType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

import static io.relayscope.app.AppFixture.fx;
import static io.relayscope.app.AppFixture.fxRun;
import static io.relayscope.app.AppFixture.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/** The "Remote..." choice: the dialog as drawn, and a relay whose LLM is behind relayscope serve, run from the window. */
@ExtendWith(ApplicationExtension.class)
class RemoteModelWindowTest {
    @RegisterExtension
    final AppFixture app = new AppFixture();

    @Test
    void theRemoteDialogAsksForUrlModelAndAMaskedKey() {
        RemoteModelDialog d = fx(() -> {
            RemoteModelDialog dialog = new RemoteModelDialog("The large model (LLM) on a server");
            dialog.getDialogPane().getStylesheets().setAll(app.stage.getScene().getStylesheets());
            dialog.url.setText("http://gpu-host:8000/v1");
            dialog.model.setText("Qwen/Qwen3-8B");
            dialog.key.setText("sk-secret");
            dialog.tokenizer.setText("/home/me/qwen3-8b-tok");
            dialog.getDialogPane().applyCss();
            dialog.getDialogPane().layout();
            return dialog;
        });
        app.snapshotNode(d.getDialogPane(), "remote-dialog");
        RemoteModelForm form = fx(() -> {
            return d.getResultConverter().call(ButtonType.OK);
        });
        assertThat(form).isEqualTo(new RemoteModelForm("http://gpu-host:8000/v1", "Qwen/Qwen3-8B", "sk-secret", false,
                "/home/me/qwen3-8b-tok"));
        assertThat(form.toString()).doesNotContain("sk-secret");
        assertThat(fx(() -> d.getDialogPane().lookupButton(ButtonType.OK).isDisabled())).isFalse();
        fxRun(() -> d.url.setText(""));
        assertThat(fx(() -> d.getDialogPane().lookupButton(ButtonType.OK).isDisabled())).isTrue();
    }

    @Test
    void aRelayWithTheLlmOnAServerRunsFromTheWindow(FxRobot robot) {
        app.loadDemoModels();
        try (CausalLm llm = OnnxCausalLm.open(DemoModels.llm());
             CompletionServer server = CompletionServer.start(llm, ServeConfig.loopback(0, "tiny-llm"))) {
            app.dialogs.remoteAnswers.add(new RemoteModelForm(server.baseUri() + "/v1", "tiny-llm", "", false));
            robot.clickOn("#llmRemote");
            waitFor(60, () -> !app.vm.models().loadingProperty().get()
                    && app.vm.models().statusProperty().get().startsWith("Ready;"));
            assertThat(fx(() -> app.vm.models().statusProperty().get()))
                    .contains("LLM on relayscope serve: the server's tokenizer matches the local one");
            assertThat(robot.lookup("#llmName").queryLabeled().getText()).isEqualTo("tiny-llm");
            fxRun(() -> {
                app.vm.settings().policyProperty().set("confidence");
                app.vm.settings().thresholdProperty().set(0.9);
                app.vm.settings().maxNewTokensProperty().set(120);
            });
            robot.clickOn("#runButton");
            app.waitIdle(120);
            assertThat(app.dialogs.errors()).isEmpty();
            assertThat(fx(() -> app.vm.session().tokens().stream().filter(t -> t.source() == Source.LLM).count()))
                    .isPositive();
            int llmToken = fx(() -> app.vm.session().tokens().stream().filter(t -> t.source() == Source.LLM)
                    .findFirst().orElseThrow().index());
            assertThat(fx(() -> app.vm.tokens().describe(llmToken))).contains("Writer LLM").contains("Top");
            assertThat(server.stats().completions()).isPositive();
            app.snapshot("remote-llm-run");
        }
    }

    @Test
    void bothModelsOnServersRunFromTheWindowWithTheSlmsTokenizerFolderAndWriteTheLocalTokens(FxRobot robot) {
        app.loadDemoModels();
        greedy(120);
        robot.clickOn("#runButton");
        app.waitIdle(120);
        String local = fx(() -> ids(app.vm.session().tokens()));
        assertThat(local).contains("L");
        try (CausalLm llm = OnnxCausalLm.open(DemoModels.llm()); CausalLm slm = OnnxCausalLm.open(DemoModels.defaultSlm());
             CompletionServer llmServer = CompletionServer.start(llm, ServeConfig.loopback(0, "tiny-llm"));
             CompletionServer slmServer = CompletionServer.start(slm, ServeConfig.loopback(0, "relay-slm"))) {
            app.dialogs.remoteAnswers.add(new RemoteModelForm(slmServer.baseUri() + "/v1", "relay-slm", "", false,
                    DemoModels.defaultSlm().toString()));
            robot.clickOn("#slmRemote");
            waitFor(60, () -> !app.vm.models().loadingProperty().get()
                    && app.vm.models().statusProperty().get().startsWith("Ready;"));
            app.dialogs.remoteAnswers.add(new RemoteModelForm(llmServer.baseUri() + "/v1", "tiny-llm", "", false));
            robot.clickOn("#llmRemote");
            waitFor(60, () -> !app.vm.models().loadingProperty().get()
                    && app.vm.models().statusProperty().get().contains("LLM on"));
            assertThat(app.dialogs.errors()).isEmpty();
            assertThat(fx(() -> app.vm.models().statusProperty().get()))
                    .contains("SLM on relayscope serve: the server's tokenizer matches the local one")
                    .contains("LLM on relayscope serve: the server's tokenizer matches the local one");
            assertThat(robot.lookup("#slmName").queryLabeled().getText()).isEqualTo("relay-slm");
            assertThat(robot.lookup("#llmName").queryLabeled().getText()).isEqualTo("tiny-llm");
            greedy(120);
            long slmCalls = slmServer.stats().completions();
            long llmCalls = llmServer.stats().completions();
            robot.clickOn("#runButton");
            app.waitIdle(120);
            assertThat(app.dialogs.errors()).isEmpty();
            assertThat(fx(() -> ids(app.vm.session().tokens()))).as("the local run's tokens and sources").isEqualTo(local);
            assertThat(slmServer.stats().completions()).isGreaterThan(slmCalls);
            assertThat(llmServer.stats().completions()).isGreaterThan(llmCalls);
            app.snapshot("remote-both-run");
        }
    }

    private void greedy(int maxNew) {
        fxRun(() -> {
            app.vm.settings().maxNewTokensProperty().set(maxNew);
            app.vm.settings().slmTemperatureProperty().set(0);
            app.vm.settings().llmTemperatureProperty().set(0);
        });
    }

    private static String ids(java.util.List<io.relayscope.trace.TokenRecord> tokens) {
        StringBuilder b = new StringBuilder();
        for (io.relayscope.trace.TokenRecord t : tokens) {
            b.append(t.id()).append(t.source().name().charAt(0)).append(' ');
        }
        return b.toString();
    }

    @Test
    void aPairWithTwoTokenizersOpensAndRunsThroughTheTextBridge(FxRobot robot) {
        app.loadDemoModels();
        java.nio.file.Path llama = io.relayscope.engine.realshape.RealShapeFixtures.folder(
                io.relayscope.engine.realshape.RealShapeFixtures.LLAMA3_OPTIMUM);
        fxRun(() -> app.vm.models().open(DemoModels.defaultSlm(), llama));
        waitFor(120, () -> !app.vm.models().loadingProperty().get()
                && app.vm.models().statusProperty().get().startsWith("Ready;"));
        assertThat(fx(() -> app.vm.models().statusProperty().get()))
                .contains("text bridge: the tokenizers differ (260 and 128256 tokens)");
        fxRun(() -> {
            app.vm.settings().maxNewTokensProperty().set(60);
            app.vm.settings().promptProperty().set(io.relayscope.app.service.SampleQuestions.FIRST_MINUTE);
        });
        robot.clickOn("#runButton");
        app.waitIdle(120);
        assertThat(app.dialogs.errors()).isEmpty();
        assertThat(fx(() -> app.vm.session().tokens().stream().filter(t -> t.source() == Source.LLM).count()))
                .as("the Llama-3-shaped LLM wrote in its own tokens").isPositive();
        int llmToken = fx(() -> app.vm.session().tokens().stream().filter(t -> t.source() == Source.LLM)
                .findFirst().orElseThrow().index());
        assertThat(fx(() -> app.vm.tokens().describe(llmToken))).contains("Writer LLM");
        app.snapshot("text-bridge-run");
        // "Prompt as fed" shows each model's own prompt: the SLM's plain template, the LLM's Llama-3 chat template
        String preview = fx(() -> app.vm.settings().promptPreviewProperty().get());
        assertThat(preview).startsWith("SLM " + DemoModels.defaultSlm().getFileName() + " reads:\nQ: Noah carries 54 oranges")
                .contains("\n\nLLM " + llama.getFileName() + " reads:\n<|begin_of_text|>")
                .endsWith("<|start_header_id|>assistant<|end_header_id|>\n\n");
        io.relayscope.trace.TraceHeader header = fx(() -> app.vm.session().header());
        assertThat(preview).isEqualTo("SLM " + DemoModels.defaultSlm().getFileName() + " reads:\n"
                + header.promptText() + "\n\nLLM " + llama.getFileName() + " reads:\n"
                + header.textBridge().orElseThrow().llmPromptText());
        fxRun(() -> ((javafx.scene.control.TitledPane) robot.lookup("#promptPreview").query()).setExpanded(true));
        app.snapshot("text-bridge-prompts");
    }
}
