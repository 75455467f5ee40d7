package io.relayscope.app;

import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

import java.util.UUID;
import java.util.prefs.Preferences;

import static io.relayscope.app.AppFixture.fx;
import static io.relayscope.app.AppFixture.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/** The application class as Launcher starts it: the window opens and the demo pair loads by itself. */
class RelayScopeAppTest {
    private final String node = "/relayscope-apptest-" + UUID.randomUUID();
    private final FxRobot robot = new FxRobot();
    private Stage stage;
    private javafx.application.Application app;

    @BeforeEach
    void launch() throws Exception {
        Preferences.userRoot().node(node).putBoolean("firstStartDone", true);
        System.setProperty(RelayScopeApp.PREFS_NODE_PROPERTY, node);
        stage = FxToolkit.registerPrimaryStage();
        app = FxToolkit.setupApplication(RelayScopeApp.class);
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        System.clearProperty(RelayScopeApp.PREFS_NODE_PROPERTY);
        Preferences.userRoot().node(node).removeNode();
    }

    @Test
    void startOpensTheMainWindowOnTheDemoPair() {
        AppFixture.requireDemoModels();
        waitFor(120, () -> "Ready".equals(((Labeled) stage.getScene().lookup("#modelStatus")).getText()));
        assertThat(fx(stage::getTitle)).isEqualTo("RelayScope");
        assertThat(robot.lookup("#slmName").queryLabeled().getText()).startsWith("tiny-slm");
        assertThat(robot.lookup("#runButton").queryButton().isDisabled()).isFalse();
    }
}
