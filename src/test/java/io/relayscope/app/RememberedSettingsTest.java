package io.relayscope.app;

import io.relayscope.app.service.BackgroundRunner;
import io.relayscope.app.service.EngineModelService;
import io.relayscope.app.viewmodel.ModelsViewModel;
import io.relayscope.engine.DemoModels;
import io.relayscope.trace.policy.PolicyCatalogue;
import javafx.scene.control.SplitPane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.framework.junit5.ApplicationExtension;

import static io.relayscope.app.AppFixture.fx;
import static io.relayscope.app.AppFixture.fxRun;
import static io.relayscope.app.AppFixture.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Window size, the token/timeline split, the policy, the theme and the model pair come back at the next start (Preferences). */
@ExtendWith(ApplicationExtension.class)
class RememberedSettingsTest {
    @RegisterExtension
    final AppFixture app = new AppFixture();

    {
        // what an earlier session left
        app.prefs.putDouble("window.width", 1000);
        app.prefs.putDouble("window.height", 700);
        app.prefs.putDouble("split.tokensTimeline", 0.5);
        app.prefs.put("policy", PolicyCatalogue.RANDOM_TOKEN);
        app.prefs.putBoolean("darkTheme", true);
    }

    @Test
    void theLastSessionsWindowSplitAndPolicyComeBackAndChangesAreKept() {
        assertThat(fx(() -> app.stage.getWidth())).isEqualTo(1000);
        assertThat(fx(() -> app.stage.getHeight())).isEqualTo(700);
        SplitPane split = fx(() -> (SplitPane) app.view.lookup(".split-pane"));
        assertThat(fx(() -> split.getDividerPositions()[0])).isCloseTo(0.5, within(0.01));
        assertThat(fx(() -> app.vm.settings().policyProperty().get())).isEqualTo(PolicyCatalogue.RANDOM_TOKEN);
        assertThat(fx(() -> app.vm.darkThemeProperty().get())).as("the theme").isTrue();
        assertThat(fx(() -> ((org.controlsfx.control.ToggleSwitch) app.view.lookup("#darkSwitch")).isSelected())).isTrue();
        app.snapshot("remembered-layout");

        fxRun(() -> {
            app.stage.setWidth(1100);
            split.setDividerPositions(0.6);
            app.vm.settings().policyProperty().set(PolicyCatalogue.CONFIDENCE);
            app.vm.darkThemeProperty().set(false);
        });
        assertThat(app.prefs.getBoolean("darkTheme", true)).isFalse();
        assertThat(app.prefs.getDouble("window.width", 0)).isEqualTo(1100);
        assertThat(app.prefs.getDouble("split.tokensTimeline", 0)).isCloseTo(0.6, within(0.01));
        assertThat(app.prefs.get("policy", "")).isEqualTo(PolicyCatalogue.CONFIDENCE);
    }

    @Test
    void theModelPairOpenedLastIsOpenedAtTheNextStartAndTheDemoPairForgetsIt() {
        app.loadDemoModels();
        fxRun(() -> app.vm.models().open(DemoModels.slmBase(), DemoModels.llm())); // not the demo pair: remembered
        waitFor(120, () -> !app.vm.models().loadingProperty().get() && "tiny-slm-base".equals(app.vm.models().slmNameProperty().get()));

        ModelsViewModel next = fx(() -> new ModelsViewModel(new EngineModelService(), new BackgroundRunner(), app.dialogs, app.prefs));
        fxRun(next::loadRemembered);
        waitFor(120, () -> next.loaded() != null);
        assertThat(fx(() -> next.slmNameProperty().get())).isEqualTo("tiny-slm-base");
        assertThat(fx(() -> next.loaded().slmFolder())).isEqualTo(DemoModels.slmBase().toAbsolutePath().normalize());
        fxRun(next::close);

        fxRun(app.vm.models()::loadDemo);
        waitFor(120, () -> !app.vm.models().loadingProperty().get() && app.vm.models().demoLoadedProperty().get());
        assertThat(app.prefs.get("pair.slm", null)).as("the demo pair is the default: nothing to remember").isNull();
    }
}
