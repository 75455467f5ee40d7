package io.relayscope.app;

import io.relayscope.app.model.BranchTree;
import io.relayscope.trace.Alternative;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import javafx.scene.control.ContextMenu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

import java.util.List;

import static io.relayscope.app.AppFixture.fx;
import static io.relayscope.app.AppFixture.fxRun;
import static io.relayscope.app.AppFixture.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/** "Continue from here with this token" on the real demo models: a branch tree of three runs. */
@ExtendWith(ApplicationExtension.class)
class BranchWindowTest {
    @RegisterExtension
    final AppFixture app = new AppFixture();

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

    /** The demo pair, slm-only, the sample prompt: the root run. */
    private Trace runSlmOnly(FxRobot robot) {
        app.loadDemoModels();
        fxRun(() -> {
            app.vm.settings().policyProperty().set("slm-only");
            app.vm.settings().maxNewTokensProperty().set(200);
        });
        robot.clickOn("#runButton");
        app.waitIdle(120);
        return fx(() -> app.vm.sessionView().currentTrace().orElseThrow());
    }

    @Test
    void twoBranchesMakeATreeOfThreeWithTheForcedTokensInPlace(FxRobot robot) {
        Trace root = runSlmOnly(robot);

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
        assertThat(fx(() -> app.vm.branches().label(rows.get(2)))).startsWith("at #" + second + " \"" + b.text() + "\"");
        javafx.scene.control.TreeView<BranchTree.Node> tree = robot.lookup("#branchTree").query();
        assertThat(fx(() -> tree.getSelectionModel().getSelectedItem().getValue().id())).isEqualTo(2);
        assertThat(fx(() -> tree.getTreeItemLevel(tree.getSelectionModel().getSelectedItem()))).isEqualTo(3); // root, run, child, grandchild
        // the tree sits beside the timeline, not squeezed under the counters
        javafx.scene.Node panel = robot.lookup("#branchesPanel").query();
        javafx.scene.Node timeline = app.view.timelineView();
        assertThat(fx(() -> panel.localToScene(panel.getBoundsInLocal()).getMinX()))
                .isGreaterThan(fx(() -> timeline.localToScene(timeline.getBoundsInLocal()).getMaxX()) - 1);
        assertThat(fx(() -> panel.localToScene(panel.getBoundsInLocal()).getMinY()))
                .isCloseTo(fx(() -> timeline.localToScene(timeline.getBoundsInLocal()).getMinY()), org.assertj.core.data.Offset.offset(2.0));
        app.snapshot("branch-tree");

        // the branch on screen beside its parent: two lanes that part at the forced token
        robot.clickOn("#compareWithParent");
        waitFor(10, () -> app.vm.compare().lanes().size() == 2);
        assertThat(fx(() -> app.vm.compare().lanes().stream().map(l -> l.trace()).toList())).containsExactly(child, grandchild);
        assertThat(fx(() -> app.vm.compare().layout().divergence())).contains(second - root.summary().promptTokens());

        // choosing the root row shows the root run again
        fxRun(() -> app.vm.branches().choose(rows.get(0)));
        assertThat(fx(() -> app.vm.session().tokens().get(first).id())).isEqualTo(root.tokens().get(first).id());
        assertThat(fx(() -> tree.getSelectionModel().getSelectedItem().getValue().id())).isZero();
    }

    /** A typed text in the branch menu: refused in place unless it is one token; one token continues from there. */
    private String typeInBranchMenu(int index, String text) {
        ContextMenu menu = fx(() -> app.view.tokenView().branchMenu(index));
        javafx.scene.control.CustomMenuItem item = (javafx.scene.control.CustomMenuItem) menu.getItems().stream()
                .filter(m -> "branch-typed".equals(m.getId())).findFirst().orElseThrow();
        javafx.scene.control.TextField field = (javafx.scene.control.TextField) item.getContent().lookup("#branchTypedField");
        javafx.scene.control.Label why = (javafx.scene.control.Label) item.getContent().lookup("#branchTypedError");
        fxRun(() -> {
            field.setText(text);
            field.fireEvent(new javafx.event.ActionEvent());
        });
        return fx(why::getText);
    }

    @Test
    void aTypedTokenIsForcedInPlaceAndTheTreeIsKeptInTheSessionFile(FxRobot robot, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        Trace root = runSlmOnly(robot);
        int at = digitAfterEquals(root, 0);
        TokenRecord written = root.tokens().get(at);
        // a digit the model did not offer at all: typing is not limited to the alternatives
        String typed = java.util.stream.IntStream.rangeClosed(0, 9).mapToObj(Integer::toString)
                .filter(d -> !d.equals(written.text()) && written.alternatives().stream().noneMatch(a -> a.text().equals(d)))
                .findFirst().orElse(written.text().equals("9") ? "8" : "9");

        String refused = typeInBranchMenu(at, "12345 apples");
        assertThat(refused).startsWith("\"12345 apples\" is ").contains(" tokens (").contains("type one token");
        assertThat(fx(() -> app.vm.runningProperty().get())).isFalse();
        assertThat(typeInBranchMenu(at, "")).startsWith("type a token");

        assertThat(typeInBranchMenu(at, typed)).isEmpty();
        app.waitIdle(120);
        Trace child = fx(() -> app.vm.sessionView().currentTrace().orElseThrow());
        assertThat(child.tokens().get(at).text()).isEqualTo(typed);
        assertThat(child.tokens().get(at).source()).isEqualTo(Source.SLM);
        assertThat(child.tokens().subList(0, at)).isEqualTo(root.tokens().subList(0, at));
        List<BranchTree.Node> rows = fx(() -> List.copyOf(app.vm.branches().rows()));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).tokenText()).isEqualTo(typed);
        assertThat(rows.get(1).tokenId()).isEqualTo(child.tokens().get(at).id());

        // saved and opened again: the tree, its forced token and the run on screen come back
        java.nio.file.Path file = dir.resolve("branches.relay.json");
        fxRun(() -> app.vm.document().saveTo(file));
        app.waitIdle(30);
        io.relayscope.trace.Session saved = io.relayscope.trace.TraceCodec.readSession(file);
        assertThat(saved.runs()).hasSize(2);
        assertThat(saved.branches()).containsExactly(new io.relayscope.trace.BranchLink(1, 0, at, rows.get(1).tokenId(), typed));
        assertThat(saved.shown()).isEqualTo(1);
        fxRun(() -> app.vm.document().newSession());
        fxRun(() -> app.vm.document().openFile(file));
        app.waitIdle(30);
        waitFor(10, () -> app.vm.branches().rows().size() == 2);
        List<BranchTree.Node> reopened = fx(() -> List.copyOf(app.vm.branches().rows()));
        assertThat(reopened).extracting(BranchTree.Node::parent).containsExactly(-1, 0);
        assertThat(reopened).extracting(BranchTree.Node::position).containsExactly(-1, at);
        assertThat(reopened.get(1).trace().tokens()).isEqualTo(child.tokens());
        assertThat(fx(() -> app.vm.branches().shownProperty().get())).isEqualTo(1);
        assertThat(fx(() -> app.vm.session().tokens().get(at).text())).isEqualTo(typed);
        assertThat(app.dialogs.errors).isEmpty();
    }
}
