package io.relayscope.app.view;

import io.relayscope.app.service.RemoteModelForm;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;

/** The "Remote..." dialog: server URL, model name, API key (masked, kept in memory) and the self-signed choice. */
public final class RemoteModelDialog extends Dialog<RemoteModelForm> {
    public final TextField url = new TextField();
    public final TextField model = new TextField();
    public final PasswordField key = new PasswordField();
    final CheckBox insecure = new CheckBox("Accept a self-signed certificate (lab server)");
    public final TextField tokenizer = new TextField();

    public RemoteModelDialog(String title) {
        setTitle(title);
        setHeaderText(title);
        url.setId("remoteUrl");
        url.setPromptText("http://host:8000/v1");
        url.setPrefColumnCount(28);
        model.setId("remoteModel");
        model.setPromptText("blank: the server's only model");
        key.setId("remoteKey");
        key.setPromptText("blank: none (kept in memory only)");
        insecure.setId("remoteInsecure");
        tokenizer.setId("remoteTokenizer");
        tokenizer.setPromptText("blank: the other model's tokenizer");
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.addRow(0, new Label("Server URL"), url);
        grid.addRow(1, new Label("Model name"), model);
        grid.addRow(2, new Label("API key"), key);
        grid.add(insecure, 1, 3);
        grid.addRow(4, new Label("Tokenizer folder"), tokenizer);
        Label hint = new Label("vLLM, llama.cpp's server or relayscope serve. The tokenizer folder holds the served "
                + "model's tokenizer.json (and its chat template, generation_config.json); without one the server's "
                + "tokenizer must match the other model's. With a folder both models may be remote, and a tokenizer "
                + "that differs relays through the text bridge.");
        hint.setWrapText(true);
        hint.setPrefWidth(420);
        hint.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        hint.getStyleClass().add("muted");
        grid.add(hint, 0, 5, 2, 1);
        GridPane.setHgrow(url, Priority.ALWAYS);
        getDialogPane().setContent(grid);
        getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        getDialogPane().lookupButton(ButtonType.OK).disableProperty().bind(url.textProperty().isEmpty());
        setResultConverter(b -> b == ButtonType.OK
                ? new RemoteModelForm(url.getText().strip(), model.getText().strip(), key.getText(), insecure.isSelected(),
                        tokenizer.getText())
                : null);
    }
}
