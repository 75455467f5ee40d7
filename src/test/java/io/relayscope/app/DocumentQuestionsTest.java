package io.relayscope.app;

import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;

import java.nio.file.Path;

import static io.relayscope.app.AppFixture.fx;
import static io.relayscope.app.AppFixture.fxRun;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One "discard?" question, only when something would be lost, after the file is chosen; Run never asks, because
 * the run it replaces can be restored. On the real demo pair.
 */
@ExtendWith(ApplicationExtension.class)
class DocumentQuestionsTest {
    @RegisterExtension
    final AppFixture app = new AppFixture();

    @TempDir
    Path tmp;

    @Test
    void runNeverAsksAndTheReplacedUnsavedRunCanBeRestored() {
        app.loadDemoModels();
        Trace first = runOnce("Tom has 32 stamps and buys 17 more. How many?");
        Trace second = runOnce("Ann has 12 apples and eats 5. How many are left?");
        assertThat(second).isNotEqualTo(first);
        assertThat(app.dialogs.confirmations).as("Run asks nothing").isEmpty();
        assertThat(fx(() -> app.vm.document().canRestoreReplaced().get())).isTrue();

        fxRun(app.vm.document()::restoreReplaced);
        assertThat(fx(() -> app.vm.sessionView().currentTrace().orElseThrow().tokens())).isEqualTo(first.tokens());
        assertThat(fx(() -> app.vm.document().dirtyProperty().get())).as("still unsaved").isTrue();
        fxRun(app.vm.document()::restoreReplaced); // and back: the two runs swap places
        assertThat(fx(() -> app.vm.sessionView().currentTrace().orElseThrow().tokens())).isEqualTo(second.tokens());
        assertThat(app.dialogs.confirmations).isEmpty();
    }

    @Test
    void openAndImportAskOnlyAfterAFileIsChosenAndOnlyWhenWorkIsUnsaved() throws Exception {
        app.loadDemoModels();
        Trace run = runOnce("Tom has 32 stamps and buys 17 more. How many?");
        Path file = tmp.resolve("other.relay.json"); // recorded with the loaded pair: no offer to load another
        TraceCodec.write(run, file);

        fxRun(app.vm.document()::open); // the chooser is cancelled: nothing would be lost, nothing asked
        fxRun(app.vm.document()::importFile);
        assertThat(app.dialogs.confirmations).isEmpty();

        app.dialogs.openAnswers.add(file);
        app.dialogs.confirmAnswers.add(false);
        fxRun(app.vm.document()::open);
        assertThat(app.dialogs.confirmations).containsExactly("Discard unsaved trace?");
        assertThat(fx(() -> app.vm.sessionView().currentTrace().orElseThrow().tokens())).isEqualTo(run.tokens());

        app.dialogs.openAnswers.add(file);
        fxRun(app.vm.document()::open);
        app.waitIdle(30);
        assertThat(app.dialogs.confirmations).hasSize(2);
        assertThat(fx(() -> app.vm.document().currentFileProperty().get())).isEqualTo(file);

        app.dialogs.openAnswers.add(file); // the shown trace is saved: nothing to lose, no question
        fxRun(app.vm.document()::open);
        app.waitIdle(30);
        app.dialogs.importAnswers.add(file);
        fxRun(app.vm.document()::importFile);
        app.waitIdle(30);
        assertThat(app.dialogs.confirmations).hasSize(2);
    }

    private Trace runOnce(String question) {
        fxRun(() -> app.vm.settings().promptProperty().set(question));
        fxRun(app.vm::run);
        app.waitIdle(120);
        return fx(() -> app.vm.sessionView().currentTrace().orElseThrow());
    }
}
