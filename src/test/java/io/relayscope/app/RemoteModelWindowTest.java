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
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import static io.relayscope.app.AppFixture.fx;
import static io.relayscope.app.AppFixture.fxRun;
import static io.relayscope.app.AppFixture.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/** The "Remote..." choice: the dialog as drawn, and a relay whose LLM is behind relayscope serve, run from the window. */
@ExtendWith(ApplicationExtension.class)
class RemoteModelWindowTest {
    private final AppFixture app = new AppFixture();

    @Start
    void start(Stage stage) {
        app.start(stage);
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    @Test
    void theRemoteDialogAsksForUrlModelAndAMaskedKey() {
        RemoteModelDialog d = fx(() -> {
            RemoteModelDialog dialog = new RemoteModelDialog("The large model (LLM) on a server");
            dialog.getDialogPane().getStylesheets().setAll(app.stage.getScene().getStylesheets());
            dialog.url.setText("http://gpu-host:8000/v1");
            dialog.model.setText("Qwen/Qwen3-8B");
            dialog.key.setText("sk-secret");
            dialog.getDialogPane().applyCss();
            dialog.getDialogPane().layout();
            return dialog;
        });
        app.snapshotNode(d.getDialogPane(), "remote-dialog");
        RemoteModelForm form = fx(() -> {
            return d.getResultConverter().call(ButtonType.OK);
        });
        assertThat(form).isEqualTo(new RemoteModelForm("http://gpu-host:8000/v1", "Qwen/Qwen3-8B", "sk-secret", false));
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
            assertThat(fx(() -> app.vm.tokens().describe(llmToken))).contains("Source LLM").contains("Top");
            assertThat(server.stats().completions()).isPositive();
            app.snapshot("remote-llm-run");
        }
    }
}
