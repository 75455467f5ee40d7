package io.relayscope.app.view;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Popup;

/** The single hover pop-up of the token view: token details in a small framed box. */
final class TokenPopup {
    private final Popup popup = new Popup();
    private final Label label = new Label();
    private final VBox box = new VBox(label);

    TokenPopup() {
        box.getStyleClass().add("token-popup");
        popup.getContent().add(box);
        popup.setAutoHide(false);
        popup.setHideOnEscape(true);
    }

    void show(Node owner, String text, double screenX, double screenY) {
        if (text == null || text.isEmpty()) {
            hide();
            return;
        }
        label.setText(text);
        box.getStylesheets().setAll(owner.getScene().getStylesheets());
        if (!popup.isShowing()) {
            popup.show(owner, screenX + 14, screenY + 18);
        } else {
            popup.setX(screenX + 14);
            popup.setY(screenY + 18);
        }
    }

    void hide() {
        popup.hide();
    }

    Node content() {
        return box;
    }

    String text() {
        return label.getText();
    }

    boolean isShowing() {
        return popup.isShowing();
    }
}
