package io.relayscope.app;

import io.relayscope.app.model.BranchTree;
import io.relayscope.trace.Alternative;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import javafx.scene.control.ContextMenu;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.List;

import static io.relayscope.app.AppFixture.fx;
import static io.relayscope.app.AppFixture.fxRun;
import static org.assertj.core.api.Assertions.assertThat;

/** "Continue from here with this token" on the real demo models: a branch tree of three runs. */
@ExtendWith(ApplicationExtension.class)
class BranchWindowTest {
    private final AppFixture app = new AppFixture();

    @Start
    void start(Stage stage) {
        app.start(stage);
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    /** The first SLM-written digit after "=" from `from` on, and an alternative the SLM gave there. */
    private static int digitAfterEquals(Trace t, int from) {
        List<TokenRecord> tokens = t.tokens();
        for (int i = Math.max(from, 1); i < tokens.size(); i++) {
            TokenRecord x = tokens.get(i);
            if (x.source() == Source.SLM && tokens.get(i - 1).text().equals("=") && x.text().matches("[0-9]")
                    && x.alternatives().stream().anyMatch(a -> a.id() != x.id() && a.text().matches("[0-9]"))) {
                return i;
            }
        }
        throw new AssertionError("no SLM digit after '=' from " + from);
    }

    private static Alternative otherDigit(TokenRecord x) {
        return x.alternatives().stream().filter(a -> a.id() != x.id() && a.text().matches("[0-9]")).findFirst().orElseThrow();
    }

    private Trace branchAndWait(int index, int tokenId) {
        ContextMenu menu = fx(() -> app.view.tokenView().branchMenu(index));
        assertThat(menu.getItems()).extracting(m -> m.getId()).contains("branch-" + tokenId);
        fxRun(() -> menu.getItems().stream().filter(m -> m.getId().equals("branch-" + tokenId)).findFirst().orElseThrow().fire());
        app.waitIdle(120);
        return fx(() -> app.vm.sessionView().currentTrace().orElseThrow());
    }

    @Test
    void twoBranchesMakeATreeOfThreeWithTheForcedTokensInPlace(FxRobot robot) {
        app.loadDemoModels();
        fxRun(() -> {
            app.vm.settings().policyProperty().set("slm-only");
            app.vm.settings().maxNewTokensProperty().set(200);
        });
        robot.clickOn("#runButton");
        app.waitIdle(120);
        Trace root = fx(() -> app.vm.sessionView().currentTrace().orElseThrow());

        int first = digitAfterEquals(root, 0);
        Alternative a = otherDigit(root.tokens().get(first));
        Trace child = branchAndWait(first, a.id());
        assertThat(child.tokens().get(first).id()).isEqualTo(a.id());
        assertThat(child.tokens().get(first).source()).isEqualTo(Source.SLM);
        assertThat(child.tokens().subList(0, first)).isEqualTo(root.tokens().subList(0, first));
        assertThat(child.header().policy()).isEqualTo(root.header().policy());

        int second = digitAfterEquals(child, first + 1);
        Alternative b = otherDigit(child.tokens().get(second));
        Trace grandchild = branchAndWait(second, b.id());
        assertThat(grandchild.tokens().get(second).id()).isEqualTo(b.id());
        assertThat(grandchild.tokens().get(first).id()).isEqualTo(a.id());
        assertThat(grandchild.tokens().subList(0, second)).isEqualTo(child.tokens().subList(0, second));

        List<BranchTree.Node> rows = fx(() -> List.copyOf(app.vm.branches().rows()));
        assertThat(rows).extracting(BranchTree.Node::trace).containsExactly(root, child, grandchild);
        assertThat(rows).extracting(BranchTree.Node::parent).containsExactly(-1, 0, 1);
        assertThat(rows).extracting(BranchTree.Node::position).containsExactly(-1, first, second);
        assertThat(fx(() -> app.vm.branches().label(rows.get(2)))).startsWith("    \u21b3 at #" + second + " \"" + b.text() + "\"");
        assertThat(robot.lookup("#branchList").queryListView().getSelectionModel().getSelectedIndex()).isEqualTo(2);
        app.snapshot("branch-tree");

        // choosing the root row shows the root run again
        fxRun(() -> app.vm.branches().choose(rows.get(0)));
        assertThat(fx(() -> app.vm.session().tokens().get(first).id())).isEqualTo(root.tokens().get(first).id());
        assertThat(robot.lookup("#branchList").queryListView().getSelectionModel().getSelectedIndex()).isZero();
    }
}
