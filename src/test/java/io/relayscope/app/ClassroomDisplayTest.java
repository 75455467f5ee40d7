package io.relayscope.app;

import io.relayscope.app.viewmodel.DisplayViewModel;
import javafx.scene.Node;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

import java.nio.file.Path;

import static io.relayscope.app.AppFixture.fx;
import static io.relayscope.app.AppFixture.fxRun;
import static io.relayscope.app.AppFixture.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Zoom for a projector (Ctrl +, Ctrl -, Ctrl 0) and presenter mode, on a real sample trace. */
@ExtendWith(ApplicationExtension.class)
class ClassroomDisplayTest {
    @RegisterExtension
    final AppFixture app = new AppFixture();

    private void openSample() {
        Path sample = Path.of("sample-sessions/model-command.json");
        fxRun(() -> app.vm.document().openFile(sample));
        waitFor(30, () -> fx(() -> !app.vm.session().tokens().isEmpty()));
    }

    /** The font of the first token on screen: the list keeps replaced cells as hidden children, which a plain
     *  lookup may find first (this test failed once in CI on such a stale cell, still at the old size). */
    private double tokenFontSize() {
        return fx(() -> {
            app.view.applyCss();
            app.view.layout();
            Node token = app.view.lookupAll(".token-line .token").stream()
                    .filter(ClassroomDisplayTest::shown).findFirst().orElseThrow();
            return ((Text) token).getFont().getSize();
        });
    }

    private static boolean shown(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void shortcutsZoomEveryFontUpTo300PercentAndBack(FxRobot robot) {
        openSample();
        double normal = tokenFontSize();
        assertThat(normal).isCloseTo(13, within(0.1));
        double cell = fx(() -> ((ListView<?>) app.view.lookup("#tokenList")).getFixedCellSize());

        robot.press(KeyCode.CONTROL).type(KeyCode.EQUALS).release(KeyCode.CONTROL);
        assertThat(fx(() -> app.vm.display().zoomProperty().get())).isEqualTo(1.1);
        for (int i = 0; i < 20; i++) {
            fxRun(app.vm.display()::zoomIn);
        }
        assertThat(fx(() -> app.vm.display().zoomProperty().get())).isEqualTo(DisplayViewModel.MAX_ZOOM);
        assertThat(tokenFontSize()).isCloseTo(39, within(0.2));
        assertThat(fx(() -> ((ListView<?>) app.view.lookup("#tokenList")).getFixedCellSize())).isEqualTo(Math.ceil(cell * 3));
        app.snapshot("zoom-300");

        robot.press(KeyCode.CONTROL).type(KeyCode.MINUS).release(KeyCode.CONTROL);
        assertThat(fx(() -> app.vm.display().zoomProperty().get())).isEqualTo(2.5);
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT0).release(KeyCode.CONTROL);
        assertThat(tokenFontSize()).isCloseTo(normal, within(0.01));
    }

    @Test
    void zoomAndPresenterModeAreRemembered() {
        fxRun(() -> {
            app.vm.display().zoomIn();
            app.vm.display().zoomIn();
            app.vm.display().togglePresenter();
        });
        DisplayViewModel again = new DisplayViewModel(app.prefs);
        assertThat(again.zoomProperty().get()).isEqualTo(1.25);
        assertThat(again.presenterProperty().get()).isTrue();
    }

    @Test
    void presenterModeShowsTokensTimelineAndCountersOnlyWithLargeTokens(FxRobot robot) {
        openSample();
        double normal = tokenFontSize();
        robot.type(KeyCode.F11);
        assertThat(fx(() -> app.vm.display().presenterProperty().get())).isTrue();
        assertThat(fx(() -> app.view.getLeft())).isNull();
        assertThat(fx(() -> app.view.lookup(".counters") != null && app.view.lookup(".timeline") != null)).isTrue();
        assertThat(tokenFontSize()).isCloseTo(24, within(0.2)).isGreaterThan(normal * 1.8);
        app.snapshot("presenter");
        robot.type(KeyCode.F11);
        assertThat(fx(() -> app.view.getLeft())).isNotNull();
    }
}
