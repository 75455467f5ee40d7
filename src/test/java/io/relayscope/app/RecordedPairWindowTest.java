package io.relayscope.app;

import io.relayscope.engine.DemoModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.relayscope.app.AppFixture.fx;
import static io.relayscope.app.AppFixture.fxRun;
import static io.relayscope.app.AppFixture.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opening a trace recorded with another pair (matched by the weights' SHA-256) offers to load that pair, so Run
 * repeats it; a pair that is not on this machine is named, with why Run will differ. On the real demo models.
 */
@ExtendWith(ApplicationExtension.class)
class RecordedPairWindowTest {
    @RegisterExtension
    final AppFixture app = new AppFixture();

    @TempDir
    Path tmp;

    @Test
    void aTraceOfAnotherPairOffersThatPairAndAMissingPairIsNamed() throws Exception {
        app.loadDemoModels(); // the relay pair
        fxRun(app.vm::run);
        app.waitIdle(120);
        Path recorded = tmp.resolve("relay.relay.json");
        fxRun(() -> app.vm.document().saveTo(recorded));
        app.waitIdle(30);

        fxRun(() -> app.vm.models().open(DemoModels.slmBase(), DemoModels.llm()));
        waitFor(120, () -> !app.vm.models().loadingProperty().get() && "tiny-slm-base".equals(app.vm.models().slmNameProperty().get()));
        int before = app.dialogs.confirmations.size();
        fxRun(() -> app.vm.document().openFile(recorded));
        waitFor(120, () -> app.dialogs.confirmations.contains("Load the recorded model pair?"));
        String question = app.dialogs.questions.get(app.dialogs.confirmations.indexOf("Load the recorded model pair?"));
        assertThat(question).contains("recorded with tiny-slm-relay + tiny-llm").contains("the loaded pair is tiny-slm-base + tiny-llm");
        waitFor(120, () -> !app.vm.models().loadingProperty().get() && "tiny-slm-relay".equals(app.vm.models().slmNameProperty().get()));
        assertThat(app.dialogs.confirmations.size()).isEqualTo(before + 1);

        fxRun(() -> app.vm.document().openFile(recorded)); // the same pair now: nothing to offer
        app.waitIdle(30);
        Thread.sleep(500);
        fxRun(() -> { });
        assertThat(app.dialogs.confirmations.size()).isEqualTo(before + 1);

        String json = Files.readString(recorded);
        String sha = json.replaceAll("(?s).*\"role\"\\s*:\\s*\"slm\".*?\"sha256\"\\s*:\\s*\"([0-9a-f]{64})\".*", "$1");
        assertThat(sha).hasSize(64);
        Path elsewhere = tmp.resolve("elsewhere.relay.json");
        Files.writeString(elsewhere, json.replace(sha, "0".repeat(64)));
        fxRun(() -> app.vm.document().openFile(elsewhere));
        waitFor(60, () -> app.vm.statusProperty().get().contains("not on this machine"));
        assertThat(fx(() -> app.vm.statusProperty().get())).isEqualTo("Recorded with tiny-slm-relay + tiny-llm; tiny-slm-relay "
                + "(sha256 000000000000\u2026) is not on this machine, so Run uses tiny-slm-relay + tiny-llm and will differ");
        assertThat(app.dialogs.confirmations.size()).isEqualTo(before + 1);
        app.snapshot("recorded-pair-missing");
    }
}
