package io.relayscope.app.view;

import io.relayscope.trace.cost.CostMeasure;
import io.relayscope.trace.policy.PolicyCatalogue;
import io.relayscope.trace.policy.PolicyInfo;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.util.ArrayList;
import java.util.List;

/**
 * The Help panel: what a call is, command tokens, the LLM token ratio, every call policy (from the
 * {@link PolicyCatalogue}), every cost measure (from the
 * {@link CostMeasure} catalogue) and the keyboard shortcuts, read from the menus themselves so the list never drifts.
 */
public final class HelpWindow {
    static final String CALL = "The small model (SLM) writes the answer and is in control. When it wants help it writes "
            + "the command <call>n</call>; the large model (LLM) then writes n tokens, seeing everything so far with the "
            + "command replaced by a space, and hands control back. If the LLM writes its end-of-sequence, the answer ends.";
    static final String COMMANDS = "Command tokens are the <call>n</call> text the SLM writes itself, shown as a pink chip. They "
            + "count in the response, as the paper counts them. Other policies (confidence, random) make calls without "
            + "commands; the timeline shows every call either way.";
    static final String RATIO = "LLM token ratio = LLM tokens / (SLM + command + LLM tokens) of the response: the share "
            + "the large model wrote, the paper's cost (1.07% for Qwen3-1.7B with Qwen3-8B).";

    private HelpWindow() {
    }

    /** Shows the help window over {@code owner}, listing the shortcuts of {@code menus}. */
    public static Stage show(Window owner, MenuBar menus, List<String> extraShortcuts) {
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.setTitle("RelayScope Help");
        VBox box = new VBox(8);
        box.getStyleClass().add("help");
        box.setId("helpContent");
        section(box, "A call", CALL);
        section(box, "Command tokens", COMMANDS);
        section(box, "The LLM token ratio", RATIO);
        box.getChildren().add(title("Call policies: who decides when the LLM writes"));
        for (PolicyInfo p : PolicyCatalogue.CATALOGUE) {
            box.getChildren().add(paragraph(p.name() + ": " + p.help()));
        }
        box.getChildren().add(title("Costs, each against the LLM alone writing the same response"));
        for (CostMeasure m : CostMeasure.values()) {
            box.getChildren().add(paragraph(m.label() + ": " + m.explanation()));
        }
        box.getChildren().add(title("Keyboard shortcuts"));
        GridPane keys = new GridPane();
        keys.setId("shortcuts");
        keys.setHgap(16);
        keys.setVgap(2);
        int row = 0;
        for (String[] s : shortcuts(menus, extraShortcuts)) {
            Label key = new Label(s[0]);
            key.getStyleClass().add("counter-value");
            keys.addRow(row++, key, new Label(s[1]));
        }
        box.getChildren().add(keys);
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        box.setStyle("-fx-padding: 14;");
        Scene scene = new Scene(scroll, 620, 640);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        stage.setScene(scene);
        stage.show();
        return stage;
    }

    /** Accelerator and action of every menu item that has one, then the extra ones (keys handled outside menus). */
    static List<String[]> shortcuts(MenuBar menus, List<String> extra) {
        List<String[]> out = new ArrayList<>();
        for (Menu m : menus.getMenus()) {
            collect(m, plain(m.getText()), out);
        }
        for (String e : extra) {
            int tab = e.indexOf('\t');
            out.add(new String[] {e.substring(0, tab), e.substring(tab + 1)});
        }
        return out;
    }

    private static void collect(Menu menu, String path, List<String[]> out) {
        for (MenuItem item : menu.getItems()) {
            if (item instanceof Menu sub) {
                collect(sub, path + " \u203A " + plain(sub.getText()), out);
            } else if (!(item instanceof SeparatorMenuItem) && item.getAccelerator() != null) {
                out.add(new String[] {item.getAccelerator().getDisplayText(),
                        path + " \u203A " + plain(item.getText()).replace("\u2026", "")});
            }
        }
    }

    /** A menu text as shown: the mnemonic's underscore dropped, a doubled one kept as one. */
    static String plain(String menuText) {
        return menuText.replaceAll("_(.)", "$1");
    }

    private static void section(VBox box, String title, String text) {
        box.getChildren().addAll(title(title), paragraph(text));
    }

    private static Label title(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-title");
        return l;
    }

    private static Label paragraph(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        return l;
    }
}
