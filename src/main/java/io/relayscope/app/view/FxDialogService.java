package io.relayscope.app.view;

import io.relayscope.app.service.ChooserFolders;
import io.relayscope.app.service.DialogService;
import io.relayscope.app.service.RemoteModelForm;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.control.Dialog;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The real dialogs: JavaFX alerts, file and folder choosers, owned by the main window. */
public final class FxDialogService implements DialogService {
    private final Supplier<Window> owner;
    private final ChooserFolders folders;

    public FxDialogService(Supplier<Window> owner, ChooserFolders folders) {
        this.owner = owner;
        this.folders = folders;
    }

    @Override
    public void showError(String title, String reason) {
        Alert a = new Alert(Alert.AlertType.ERROR, reason, ButtonType.OK);
        prepare(a, title);
        a.showAndWait();
    }

    @Override
    public boolean confirm(String title, String question) {
        return confirmation(title, question).showAndWait().filter(b -> b == ButtonType.OK).isPresent();
    }

    /** The yes/no dialog {@link #confirm} shows (tests snapshot it). */
    public Alert confirmation(String title, String question) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, question, ButtonType.OK, ButtonType.CANCEL);
        prepare(a, title);
        return a;
    }

    @Override
    public Optional<Path> chooseTraceToOpen() {
        FileChooser fc = traceChooser("Open trace", folders.openFolder());
        File f = fc.showOpenDialog(owner.get());
        return remember(f);
    }

    @Override
    public List<Path> chooseTracesToCompare() {
        FileChooser fc = traceChooser("Compare traces", folders.openFolder());
        List<File> files = fc.showOpenMultipleDialog(owner.get());
        if (files == null || files.isEmpty()) {
            return List.of();
        }
        remember(files.get(0));
        return files.stream().map(File::toPath).toList();
    }

    @Override
    public Optional<Path> chooseTraceToSave(String suggestedName) {
        FileChooser fc = traceChooser("Save trace", folders.saveFolder());
        fc.setInitialFileName(suggestedName);
        File f = fc.showSaveDialog(owner.get());
        return remember(f);
    }

    @Override
    public Optional<Path> chooseModelFolder(String title) {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle(title);
        folders.openFolder().ifPresent(d -> dc.setInitialDirectory(d.toFile()));
        return remember(dc.showDialog(owner.get()));
    }

    @Override
    public Optional<Path> chooseFileToImport() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Import OpenAI logprobs, llama.cpp n_probs or RelayLLM results");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("JSON (*.json)", "*.json"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        folders.openFolder().ifPresent(d -> fc.setInitialDirectory(d.toFile()));
        return remember(fc.showOpenDialog(owner.get()));
    }

    @Override
    public Optional<Path> chooseExportTarget(String title, String suggestedName, String extension) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.setInitialFileName(suggestedName);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("*." + extension, "*." + extension));
        folders.saveFolder().ifPresent(d -> fc.setInitialDirectory(d.toFile()));
        return remember(fc.showSaveDialog(owner.get()));
    }

    @Override
    public Optional<RemoteModelForm> askRemoteModel(String title) {
        RemoteModelDialog d = new RemoteModelDialog(title);
        prepare(d, title);
        return d.showAndWait();
    }

    @Override
    public Optional<Path> chooseSampleSession(List<Path> samples) {
        Map<String, Path> byName = new LinkedHashMap<>();
        samples.forEach(p -> byName.put(p.getFileName().toString(), p));
        ChoiceDialog<String> d = new ChoiceDialog<>(byName.keySet().iterator().next(), byName.keySet());
        prepare(d, "Welcome to RelayScope");
        d.setHeaderText("Open a recorded sample session to see a relay right away?");
        d.setContentText("Sample:");
        return d.showAndWait().map(byName::get);
    }

    private static FileChooser traceChooser(String title, Optional<Path> folder) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("RelayScope traces (*.json)", "*.json"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        folder.ifPresent(d -> fc.setInitialDirectory(d.toFile()));
        return fc;
    }

    private Optional<Path> remember(File f) {
        if (f == null) {
            return Optional.empty();
        }
        folders.remember(f.toPath());
        return Optional.of(f.toPath());
    }

    private void prepare(Dialog<?> d, String title) {
        d.setTitle(title);
        d.setHeaderText(title);
        Window w = owner.get();
        if (w != null) {
            d.initOwner(w);
            if (w.getScene() != null) {
                d.getDialogPane().getStylesheets().setAll(w.getScene().getStylesheets());
            }
        }
    }
}
