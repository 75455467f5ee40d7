package io.relayscope.app;

import io.relayscope.trace.policy.PolicyCatalogue;
import io.relayscope.trace.policy.PolicyInfo;
import io.relayscope.trace.policy.PolicyParameter;
import io.relayscope.app.view.SettingsPanel;
import io.relayscope.trace.sampling.SamplingCatalogue;
import io.relayscope.trace.sampling.SamplingControl;
import javafx.css.PseudoClass;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Control;
import javafx.scene.layout.GridPane;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

import static io.relayscope.app.AppFixture.fx;
import static io.relayscope.app.AppFixture.fxRun;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings panel on the real demo pair: every policy control explains itself from the policy catalogue, a
 * number field holding text that is no value is marked, and Run is disabled and says why.
 */
@ExtendWith(ApplicationExtension.class)
class SettingsFieldsTest {
    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");
    @RegisterExtension
    final AppFixture app = new AppFixture();

    @Test
    void everyPolicyAndParameterControlHasTheCataloguesTooltip() {
        ComboBox<?> policy = fx(() -> (ComboBox<?>) app.view.lookup("#policyChoice"));
        for (PolicyInfo info : PolicyCatalogue.CATALOGUE) {
            fxRun(() -> app.vm.settings().policyProperty().set(info.name()));
            assertThat(fx(() -> policy.getTooltip().getText())).isEqualTo(info.help());
            for (PolicyParameter p : PolicyCatalogue.PARAMETERS) {
                Node field = fx(() -> app.view.lookup("#policy-" + p.key()));
                assertThat(fx(field::isVisible)).as(info.name() + " shows " + p.key()).isEqualTo(info.uses(p.key()));
                String tip = fx(() -> ((Spinner<?>) field).getTooltip().getText());
                assertThat(tip).startsWith(p.help()).contains("default " + p.defaultText());
                PolicyCatalogue.users(p.key()).forEach(u -> assertThat(tip).contains(u));
            }
        }
        fxRun(policy::show);
        Node rows = fx(() -> ((javafx.scene.control.skin.ComboBoxListViewSkin<?>) policy.getSkin()).getPopupContent());
        String listed = fx(() -> rows.lookupAll(".list-cell").stream().map(n -> ((javafx.scene.control.ListCell<?>) n).getText())
                .filter(t -> t != null).collect(java.util.stream.Collectors.joining("\n")));
        for (PolicyInfo info : PolicyCatalogue.CATALOGUE) {
            assertThat(listed).contains(info.name() + " \u2014 " + info.summary());
        }
        app.snapshotNode(rows, "policy-choices");
        fxRun(policy::hide);
        for (String sampling : new String[] {"slmTemperature", "llmTemperature", "topP", "topK", "minP", "repetitionPenalty",
                "seed", "maxNewTokens", "maxCalls"}) {
            assertThat(fx(() -> ((Spinner<?>) app.view.lookup("#" + sampling)).getTooltip().getText())).as(sampling).isNotBlank();
        }
    }

    /**
     * Every control of the sampling section (whatever it holds: temperatures, top p/k, min p, repetition penalty,
     * seed, limits, LLM opinion) shows its sampling-catalogue entry: label and tooltip, and every entry has a control.
     */
    @Test
    void everySamplingControlHasTheSamplingCataloguesLabelAndTooltip() {
        List<String> problems = new java.util.ArrayList<>();
        java.util.Set<String> shown = new java.util.HashSet<>();
        fxRun(() -> {
            GridPane grid = (GridPane) app.view.lookup("#samplingGrid");
            int controls = 0;
            for (Node n : grid.getChildren()) {
                if (!(n instanceof Control control) || n instanceof Label) {
                    continue;
                }
                controls++;
                Object entry = control.getProperties().get(SettingsPanel.CATALOGUE_KEY);
                if (!(entry instanceof SettingsPanel.CatalogueEntry e)) {
                    problems.add(control.getId() + ": no sampling-catalogue entry");
                    continue;
                }
                SamplingControl c = SamplingCatalogue.control(e.key());
                shown.add(e.key());
                String tip = control.getTooltip() == null ? null : control.getTooltip().getText();
                if (!SamplingCatalogue.tooltip(c, e.model()).equals(tip)) {
                    problems.add(control.getId() + ": tooltip '" + tip + "'");
                }
                String label = n instanceof CheckBox box ? box.getText() : grid.getChildren().stream()
                        .filter(l -> l instanceof Label && GridPane.getRowIndex(l).equals(GridPane.getRowIndex(n)))
                        .map(l -> ((Label) l).getText()).findFirst().orElse(null);
                if (!SamplingCatalogue.label(c, e.model()).equals(label)) {
                    problems.add(control.getId() + ": label '" + label + "'");
                }
                // one default per setting: the panel starts where the CLI does (the per-model ones then take the
                // models' generation_config.json, which the tooltip says)
                double value = control instanceof CheckBox box ? (box.isSelected() ? 1 : 0)
                        : ((Number) ((Spinner<?>) control).getValue()).doubleValue();
                if (c.llmOption().isEmpty() && value != c.defaultValue()) {
                    problems.add(control.getId() + ": starts at " + value + ", not the catalogue's " + c.defaultText());
                }
                if (tip == null || !tip.contains(SamplingCatalogue.defaultSentence(c))) {
                    problems.add(control.getId() + ": the tooltip does not name the default");
                }
            }
            if (controls < 9) {
                problems.add("only " + controls + " sampling controls");
            }
        });
        assertThat(problems).isEmpty();
        assertThat(shown).containsExactlyInAnyOrderElementsOf(SamplingCatalogue.CONTROLS.stream().map(SamplingControl::key).toList());
    }

    @Test
    void aFieldWithTextThatIsNoValueIsMarkedAndRunSaysWhyItWaits(FxRobot robot) {
        app.loadDemoModels();
        fxRun(() -> app.vm.settings().policyProperty().set(PolicyCatalogue.CONFIDENCE));
        Button run = fx(() -> (Button) app.view.lookup("#runButton"));
        Label reason = fx(() -> (Label) app.view.lookup("#runBlockedReason"));
        assertThat(fx(run::isDisabled)).isFalse();
        assertThat(fx(reason::isVisible)).isFalse();

        Spinner<?> threshold = fx(() -> (Spinner<?>) app.view.lookup("#policy-" + PolicyCatalogue.THRESHOLD));
        fxRun(() -> threshold.getEditor().requestFocus()); // the keyboard, not the mouse: the field may sit below the fold
        robot.press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL);
        robot.write("0.7x");
        String label = PolicyCatalogue.parameter(PolicyCatalogue.THRESHOLD).label();
        assertThat(fx(() -> threshold.getPseudoClassStates().contains(INVALID))).isTrue();
        assertThat(fx(run::isDisabled)).isTrue();
        assertThat(fx(reason::isVisible)).isTrue();
        assertThat(fx(reason::getText)).isEqualTo(label + ": '0.7x' is not a number");
        assertThat(fx(() -> threshold.getTooltip().getText())).isEqualTo(label + ": '0.7x' is not a number");
        app.snapshot("settings-invalid-field");
        // Ctrl+Enter cannot run past it either
        robot.press(KeyCode.CONTROL).type(KeyCode.ENTER).release(KeyCode.CONTROL);
        assertThat(fx(() -> app.vm.runningProperty().get())).isFalse();

        robot.type(KeyCode.BACK_SPACE);
        assertThat(fx(() -> threshold.getPseudoClassStates().contains(INVALID))).isFalse();
        assertThat(fx(() -> app.vm.settings().thresholdProperty().get())).as("taken as typed, before Enter").isEqualTo(0.7);
        assertThat(fx(run::isDisabled)).isFalse();
        assertThat(fx(reason::isVisible)).isFalse();

        fxRun(() -> threshold.getEditor().setText("2"));
        assertThat(fx(reason::getText)).isEqualTo(label + " must be from 0 to 1, not 2");
        fxRun(() -> threshold.getEditor().setText(""));
        assertThat(fx(reason::getText)).isEqualTo(label + " is empty; type a number");
        fxRun(() -> app.vm.settings().thresholdProperty().set(0.4)); // a trace opened, Reset: the text is a value again
        assertThat(fx(() -> threshold.getPseudoClassStates().contains(INVALID))).isFalse();
        assertThat(fx(run::isDisabled)).isFalse();

        Spinner<?> maxTokens = fx(() -> (Spinner<?>) app.view.lookup("#maxNewTokens"));
        fxRun(() -> maxTokens.getEditor().setText("1.5"));
        assertThat(fx(reason::getText)).isEqualTo("Max new tokens: '1.5' is not a whole number");
        fxRun(() -> maxTokens.getEditor().setText("64"));
        assertThat(fx(() -> app.vm.settings().maxNewTokensProperty().get())).isEqualTo(64);

        fxRun(() -> app.vm.settings().promptProperty().set("  "));
        assertThat(fx(run::isDisabled)).isTrue();
        assertThat(fx(reason::getText)).startsWith("The prompt is empty");
    }
}
