package io.relayscope.app;

import io.relayscope.engine.ModelFolder;
import io.relayscope.engine.ModelVariant;
import io.relayscope.engine.realshape.RealShapeFixtures;
import javafx.scene.control.ComboBox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The main window on a Qwen3-shaped onnx-community folder (random weights, real tokenizer): the SLM's drop-down lists
 * the variants the folder holds with their sizes, most precise first, and choosing q4 reopens the pair with it.
 */
@ExtendWith(ApplicationExtension.class)
class ModelVariantChoiceTest {
    @RegisterExtension
    final AppFixture app = new AppFixture();

    @Test
    @SuppressWarnings("unchecked")
    void theDropDownListsTheFoldersVariantsAndPickingOneReopensThePairWithIt(FxRobot robot) {
        Path folder = RealShapeFixtures.folder(RealShapeFixtures.QWEN3_ONNX_COMMUNITY);
        AppFixture.fxRun(() -> app.vm.models().open(folder, folder));
        AppFixture.waitFor(180, () -> !app.vm.models().loadingProperty().get());
        assertThat(AppFixture.fx(() -> app.vm.models().statusProperty().get())).isEqualTo("Ready");
        ComboBox<ModelVariant> slm = robot.lookup("#slmVariant").queryAs(ComboBox.class);
        assertThat(AppFixture.fx(slm::isVisible)).isTrue();
        List<String> names = AppFixture.fx(() -> slm.getItems().stream().map(ModelVariant::name).toList());
        assertThat(names).as("what the folder holds, most precise first")
                .isEqualTo(ModelFolder.list(folder).stream().map(ModelVariant::name).toList())
                .startsWith("fp32", "fp16").contains("q4", "int8");
        int q4 = names.indexOf("q4");
        assertThat(AppFixture.fx(() -> slm.getValue().name())).isEqualTo("fp32");
        assertThat(AppFixture.fx(() -> slm.getConverter().toString(slm.getItems().get(q4)))).matches("q4 \\(\\d+ MB\\)");
        app.snapshot("model-variants");

        AppFixture.fxRun(() -> slm.getSelectionModel().select(q4));
        AppFixture.waitFor(180, () -> !app.vm.models().loadingProperty().get()
                && app.vm.models().slmNameProperty().get().endsWith("(q4)"));
        assertThat(AppFixture.fx(() -> app.vm.models().slmVariantProperty().get().name())).isEqualTo("q4");
        assertThat(AppFixture.fx(() -> app.vm.models().llmVariantProperty().get().name())).as("the LLM keeps its variant")
                .isEqualTo("fp32");
        assertThat(AppFixture.fx(() -> app.vm.models().loaded().slmName())).isEqualTo("qwen3-onnx-community (q4)");
        ComboBox<ModelVariant> llm = robot.lookup("#llmVariant").queryAs(ComboBox.class);
        assertThat(AppFixture.fx(llm::isVisible)).isTrue();
        assertThat(AppFixture.fx(() -> llm.getValue().name())).isEqualTo("fp32");
        app.snapshot("model-variants-q4");
    }
}
