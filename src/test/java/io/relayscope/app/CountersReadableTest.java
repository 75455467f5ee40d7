package io.relayscope.app;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.text.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.relayscope.app.AppFixture.fx;
import static io.relayscope.app.AppFixture.fxRun;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every counter is readable for a projector: after a real run on the demo pair (LLM opinion and prices on, so every
 * row has a value), in presenter mode and at 300% zoom, in a 1280x720 and a 1920x1080 window, no counter's text is
 * cut (no ellipsis), none reaches past the column's visible width, the column stays within the window, and the text
 * is drawn at the size asked for. The column scrolls when it is taller than the window. The settings panel, the token
 * legend and the timeline's buttons are whole too: nothing cut or under the counters, the settings panel scrolling
 * sideways where it is wider than its column. Snapshots of each are in target/screenshots.
 */
@ExtendWith(ApplicationExtension.class)
class CountersReadableTest {
    @RegisterExtension
    final AppFixture app = new AppFixture();

    @Test
    void everyCounterIsWholeAtPresenterSizeAndAt300PercentIn720pAnd1080pWindows(FxRobot robot) {
        app.loadDemoModels();
        fxRun(() -> {
            app.vm.settings().llmOpinionProperty().set(true);
            app.vm.prices().llmInput().set(0.15);
            app.vm.prices().llmOutput().set(0.6);
            app.vm.prices().slmOutput().set(0.02);
        });
        robot.clickOn("#runButton");
        app.waitIdle(120);
        assertThat(fx(() -> app.vm.counters().callsProperty().get())).as("a relay to count").isPositive();

        for (int[] size : new int[][] {{1280, 720}, {1920, 1080}}) {
            check(size, true, 1.0);
            check(size, true, 3.0);
            check(size, false, 3.0);
        }
    }

    private void check(int[] size, boolean presenter, double zoom) {
        String name = String.format(Locale.ROOT, "counters-%dx%d-%s-%d", size[0], size[1],
                presenter ? "presenter" : "normal", Math.round(zoom * 100));
        fxRun(() -> {
            // the headless screen is 1920x1200 (the pom's headless.geometry): a 1920 px window fits only at x 0
            app.stage.setX(0);
            app.stage.setY(0);
            app.stage.setWidth(size[0]);
            app.stage.setHeight(size[1]);
            app.vm.display().presenterProperty().set(presenter);
            app.vm.display().resetZoom();
            while (app.vm.display().zoomProperty().get() < zoom - 1e-9) {
                app.vm.display().zoomIn();
            }
        });
        // the new size reaches the scene over a few pulses; a snapshot taken between them can fail (sw pipeline)
        for (int i = 0; i < 3; i++) {
            WaitForFx.events();
            org.testfx.util.WaitForAsyncUtils.sleep(100, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        app.snapshot(name);
        List<String> problems = fx(() -> {
            app.stage.getScene().getRoot().applyCss();
            app.stage.getScene().getRoot().layout();
            return problems(size[0], app.vm.display().fontPx(), presenter);
        });
        Node counters = fx(() -> app.view.lookup("#counters"));
        app.snapshotNode(counters, name + "-column");
        assertThat(problems).as(name).isEmpty();
        List<String> others = fx(() -> sidePanelAndBarProblems(size[1], presenter, zoom));
        if (!presenter) {
            app.snapshotNode(fx(() -> app.view.lookup("#settingsScroll")), name + "-settings");
        }
        app.snapshotNode(fx(() -> app.view.lookup("#timeline")), name + "-timeline");
        assertThat(others).as(name + ": settings panel, token legend and timeline buttons").isEmpty();
    }

    /**
     * The settings panel, the token view's legend and the timeline's buttons: every text whole (no ellipsis), every
     * control either inside its column or reachable by the settings panel's scroll bars, and none under the
     * counters column or past the window.
     */
    private List<String> sidePanelAndBarProblems(int windowHeight, boolean presenter, double zoom) {
        List<String> out = new ArrayList<>();
        app.stage.getScene().getRoot().applyCss();
        app.stage.getScene().getRoot().layout();
        Bounds countersColumn = sceneBounds(app.view.lookup("#countersScroll"));
        if (!presenter) {
            ScrollPane scroll = (ScrollPane) app.view.lookup("#settingsScroll");
            Bounds column = sceneBounds(scroll);
            if (column.getMinX() < -0.5 || column.getMaxX() > countersColumn.getMinX() + 0.5) {
                out.add("the settings column " + column + " is not left of the counters " + countersColumn);
            }
            Node content = scroll.getContent();
            double contentWidth = content.getLayoutBounds().getWidth();
            boolean sideways = contentWidth > scroll.getViewportBounds().getWidth() + 0.5;
            if (sideways && !scrollBarShown(scroll, javafx.geometry.Orientation.HORIZONTAL)) {
                out.add("the settings panel (" + (int) contentWidth + " px) is wider than its column ("
                        + (int) scroll.getViewportBounds().getWidth() + " px) with no scroll bar to reach the rest");
            }
            int controls = 0;
            for (Node n : descendants(content, javafx.scene.control.Labeled.class, javafx.scene.control.Spinner.class,
                    javafx.scene.control.ComboBoxBase.class, javafx.scene.control.TextInputControl.class)) {
                if (!n.isVisible() || !n.getParent().isVisible() || n.getLayoutBounds().getWidth() <= 0) {
                    continue;
                }
                controls++;
                Bounds b = content.sceneToLocal(n.localToScene(n.getLayoutBounds()));
                if (b.getMinX() < -0.5 || b.getMaxX() > contentWidth + 0.5) {
                    out.add("settings: " + describe(n) + " spans x " + (int) b.getMinX() + ".." + (int) b.getMaxX()
                            + " of a " + (int) contentWidth + " px panel");
                }
                whole(n, "settings", out);
            }
            if (controls < 30) {
                out.add("settings: only " + controls + " controls found");
            }
        }
        // the token legend and the timeline's buttons live in the middle, between the columns
        double right = countersColumn.getMinX();
        Node legend = app.view.lookup("#tokenLegend");
        for (Node n : ((javafx.scene.Parent) legend).getChildrenUnmodifiable()) {
            if (n.isVisible()) {
                inMiddle(n, "token legend", right, windowHeight, out);
                for (Node l : descendants(n, Labeled.class)) {
                    whole(l, "token legend", out);
                }
            }
        }
        Node bar = app.view.lookup("#timelineBar");
        int buttons = 0;
        for (Node n : descendants(bar, javafx.scene.control.ButtonBase.class)) {
            buttons++;
            inMiddle(n, "timeline", right, windowHeight, out);
            whole(n, "timeline", out);
        }
        if (buttons < 4) {
            out.add("timeline: only " + buttons + " buttons found");
        }
        // at 100% there is room: the title and every button on one row (they wrap only when the view is too narrow)
        Node title = bar.lookup(".section-title");
        if (zoom == 1.0 && descendants(bar, javafx.scene.control.ButtonBase.class).stream()
                .anyMatch(b -> Math.abs(sceneBounds(b).getCenterY() - sceneBounds(title).getCenterY()) > 2)) {
            out.add("timeline: at 100% the buttons are not on the title's row");
        }
        return out;
    }

    /** The node and everything under it that is one of the types (the skins' parts included). */
    private static List<Node> descendants(Node root, Class<?>... types) {
        List<Node> out = new ArrayList<>();
        java.util.ArrayDeque<Node> todo = new java.util.ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            for (Class<?> t : types) {
                if (t.isInstance(n)) {
                    out.add(n);
                    break;
                }
            }
            if (n instanceof javafx.scene.Parent p) {
                todo.addAll(p.getChildrenUnmodifiable());
            }
        }
        return out;
    }

    private static Bounds sceneBounds(Node n) {
        return n.localToScene(n.getLayoutBounds());
    }

    private static boolean scrollBarShown(ScrollPane scroll, javafx.geometry.Orientation orientation) {
        return scroll.lookupAll(".scroll-bar").stream().anyMatch(n -> n instanceof javafx.scene.control.ScrollBar bar
                && bar.getOrientation() == orientation && bar.isVisible() && bar.getWidth() > 0);
    }

    /**
     * Left of the counters column, below the tool bar (the middle's top, scrolled to the top), and inside the middle's
     * content: seen, or reached by scrolling it when the window is too short.
     */
    private void inMiddle(Node n, String where, double right, int windowHeight, List<String> out) {
        Bounds b = sceneBounds(n);
        ScrollPane middle = (ScrollPane) app.view.lookup("#middleScroll");
        Bounds top = sceneBounds(middle);
        Bounds content = middle.getContent().localToScene(middle.getContent().getLayoutBounds());
        if (b.getMinX() < -0.5 || b.getMaxX() > right + 0.5 || b.getMinY() < top.getMinY() - 0.5
                || b.getMaxY() > content.getMaxY() + 0.5) {
            out.add(where + ": " + describe(n) + " at x " + (int) b.getMinX() + ".." + (int) b.getMaxX() + ", y "
                    + (int) b.getMinY() + ".." + (int) b.getMaxY() + ": past the counters column (x " + (int) right
                    + "), above the middle (y " + (int) top.getMinY() + ") or below its content (y " + (int) content.getMaxY() + ")");
        }
    }

    /** A labelled control's text is drawn whole (no ellipsis). */
    private static void whole(Node n, String where, List<String> out) {
        if (n instanceof Labeled label && label.getText() != null && !label.getText().isEmpty()) {
            // a titled pane's own text is its title's (its content has texts of its own)
            Node title = n instanceof javafx.scene.control.TitledPane ? n.lookup(".title") : n;
            Text shown = title == null ? null : (Text) title.lookup(".text");
            if (shown != null && !shown.getText().equals(label.getText())) {
                out.add(where + ": '" + label.getText() + "' is shown as '" + shown.getText() + "'");
            }
        }
    }

    private static String describe(Node n) {
        String text = n instanceof Labeled l ? "'" + l.getText() + "'" : "";
        return n.getClass().getSimpleName() + (n.getId() != null ? " #" + n.getId() : "") + text;
    }

    /** What is wrong with the counters column as laid out now (empty when every counter is readable). */
    private List<String> problems(int windowWidth, double fontPx, boolean presenter) {
        List<String> out = new ArrayList<>();
        ScrollPane scroll = (ScrollPane) app.view.lookup("#countersScroll");
        Bounds column = scroll.localToScene(scroll.getLayoutBounds());
        if (column.getMinX() < 0 || column.getMaxX() > windowWidth + 0.5) {
            out.add("the column lies outside the window: " + column + " (view " + app.view.getWidth() + " wide, scene "
                    + app.stage.getScene().getWidth() + ", centre min " + app.view.getCenter().minWidth(-1) + ", top min "
                    + app.view.getTop().minWidth(-1) + ", bottom min " + app.view.getBottom().minWidth(-1) + ")");
        }
        double viewport = scroll.getViewportBounds().getWidth();
        Node content = scroll.getContent();
        int counted = 0;
        for (Node n : content.lookupAll(".label")) {
            if (!(n instanceof Labeled label) || !label.isVisible() || label.getText() == null || label.getText().isEmpty()) {
                continue;
            }
            counted++;
            Text shown = (Text) label.lookup(".text");
            if (shown == null || !shown.getText().equals(label.getText())) {
                out.add("'" + label.getText() + "' is shown as '" + (shown == null ? null : shown.getText()) + "'");
            }
            Bounds b = content.sceneToLocal(label.localToScene(label.getLayoutBounds()));
            if (b.getMinX() < -0.5 || b.getMaxX() > viewport + 0.5) {
                out.add("'" + label.getText() + "' spans x " + (int) b.getMinX() + ".." + (int) b.getMaxX()
                        + " of a " + (int) viewport + " px wide column");
            }
            if (shown != null && label.getStyleClass().contains("counter-value")) {
                double wanted = fontPx * (presenter ? 1.4 : 1.0);
                if (shown.getFont().getSize() < wanted - 0.1) {
                    out.add("'" + label.getText() + "' is drawn at " + shown.getFont().getSize() + " px, not " + wanted);
                }
            }
        }
        // nothing drawn over anything else, and all of it inside the scrolled content (reachable by scrolling)
        List<Labeled> shownLabels = content.lookupAll(".label").stream().filter(n -> n instanceof Labeled l && l.isVisible()
                && l.getText() != null && !l.getText().isEmpty()).map(n -> (Labeled) n).toList();
        double contentHeight = content.getLayoutBounds().getHeight();
        for (int i = 0; i < shownLabels.size(); i++) {
            Bounds a = content.sceneToLocal(shownLabels.get(i).localToScene(shownLabels.get(i).getLayoutBounds()));
            if (a.getMaxY() > contentHeight + 0.5) {
                out.add("'" + shownLabels.get(i).getText() + "' ends at y " + (int) a.getMaxY() + " below the column's "
                        + (int) contentHeight + " px");
            }
            for (int j = i + 1; j < shownLabels.size(); j++) {
                Bounds c = content.sceneToLocal(shownLabels.get(j).localToScene(shownLabels.get(j).getLayoutBounds()));
                double overlapX = Math.min(a.getMaxX(), c.getMaxX()) - Math.max(a.getMinX(), c.getMinX());
                double overlapY = Math.min(a.getMaxY(), c.getMaxY()) - Math.max(a.getMinY(), c.getMinY());
                if (overlapX > 1 && overlapY > 1) {
                    out.add("'" + shownLabels.get(i).getText() + "' and '" + shownLabels.get(j).getText() + "' overlap");
                }
            }
        }
        if (counted < 20) {
            out.add("only " + counted + " counter labels found");
        }
        return out;
    }
}
