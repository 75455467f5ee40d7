package io.relayscope.app;

import io.relayscope.app.view.FxDialogService;
import javafx.scene.control.Alert;
import javafx.scene.control.DialogPane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.framework.junit5.ApplicationExtension;

import java.nio.file.Files;

import static io.relayscope.app.AppFixture.fx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two new dialogs (quit during a run, restore after a crash) as the app shows them, with the main window's
 * stylesheet, written to target/screenshots/dialog-*.png to be looked at.
 */
@ExtendWith(ApplicationExtension.class)
class ReliabilityDialogsTest {
    @RegisterExtension
    final AppFixture app = new AppFixture();

    @Test
    void quitDuringARunAndRestoreAfterACrashRenderAsOneReadableDialogEach() throws Exception {
        String[][] dialogs = {
                {"dialog-quit-during-run", "Quit during a run?", "A run is in progress. Quit anyway? The run stops and its "
                        + "tokens are lost unless you save them first."},
                {"dialog-restore-session", "Restore the unsaved session?", "RelayScope did not close properly. Restore the "
                        + "session of 2026-12-01 16:40:12 (1843 response tokens, 12 calls)?"}};
        FxDialogService service = new FxDialogService(() -> app.stage, new io.relayscope.app.service.ChooserFolders(app.prefs, java.nio.file.Path.of("sample-sessions")));
        for (String[] d : dialogs) {
            DialogPane pane = fx(() -> {
                Alert a = service.confirmation(d[1], d[2]);
                DialogPane p = a.getDialogPane();
                p.setPrefWidth(460);
                p.applyCss();
                p.resize(460, p.prefHeight(460));
                p.layout();
                return p;
            });
            assertThat(fx(pane::getHeaderText)).isEqualTo(d[1]);
            app.snapshotNode(pane, d[0]);
            assertThat(AppFixture.SCREENSHOTS.resolve(d[0] + ".png")).isRegularFile();
            assertThat(Files.size(AppFixture.SCREENSHOTS.resolve(d[0] + ".png"))).isGreaterThan(2000);
        }
    }
}
