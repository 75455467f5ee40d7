package io.relayscope.app.viewmodel;

import io.relayscope.app.service.AppServices;
import io.relayscope.app.service.Errors;
import io.relayscope.app.service.ExportFormat;
import io.relayscope.app.service.TraceFiles;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.Trace;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The trace as a document: new, open (also recent files, drag and drop, first start), import, save, save as,
 * export; the current file, unsaved changes and the window title. Files are read and written in the background.
 */
public final class DocumentViewModel {
    private static final String FIRST_START_KEY = "firstStartDone";
    private final AppServices services;
    private final SessionViewModel session;
    private final BooleanSupplier running;
    private final Consumer<Trace> show;
    private final SessionHost host;
    private final StringProperty status;
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<Path> currentFile = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("RelayScope");
    private final ObservableList<Path> recentFiles = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Trace> replaced = new ReadOnlyObjectWrapper<>();
    private Consumer<Trace> onOpened = t -> { };

    /** What a document holds beyond the trace on screen: the runs it is kept with (branch tree, compare set). */
    interface SessionHost {
        /** Every run to save, with their relations and the one on screen. */
        io.relayscope.trace.Session session();

        /** Puts an opened session on screen: its shown run, its branch tree and compare set. */
        void restore(io.relayscope.trace.Session session);
    }

    /**
     * {@code show} puts an imported trace on screen, {@code host} saves and restores whole sessions; {@code status}
     * receives one-line progress messages.
     */
    DocumentViewModel(AppServices services, SessionViewModel session, BooleanSupplier running, Consumer<Trace> show,
                      SessionHost host, StringProperty status) {
        this.services = services;
        this.session = session;
        this.running = running;
        this.show = show;
        this.host = host;
        this.status = status;
        recentFiles.setAll(services.recentFiles().list());
        dirty.addListener(o -> updateTitle());
        currentFile.addListener(o -> updateTitle());
        session.hasTraceProperty().addListener(o -> updateTitle());
    }

    /**
     * A new run is about to replace the shown trace: an unsaved one is kept, so Run never asks "discard?" and File
     * › Restore Replaced Run brings it back (one level; the run it replaces is kept in turn).
     */
    void replacing() {
        if (dirty.get() && !session.trace().isEmpty()) {
            replaced.set(session.trace().toTrace(FinishReason.CANCELLED, null));
        }
    }

    /** Shows the unsaved trace the last run replaced, keeping the shown one (if unsaved) in its place. */
    public void restoreReplaced() {
        Trace back = replaced.get();
        if (back == null || running.getAsBoolean() || busy.get()) {
            return;
        }
        replaced.set(dirty.get() && !session.trace().isEmpty() ? session.trace().toTrace(FinishReason.CANCELLED, null) : null);
        show.accept(back);
        markNew(true);
        status.set("Restored the replaced run (unsaved)");
    }

    /** True while there is a replaced unsaved run to restore. */
    public javafx.beans.binding.BooleanBinding canRestoreReplaced() {
        return replaced.isNotNull();
    }

    /** Called with every trace opened from a file (the main view model checks its model pair). */
    void setOnOpened(Consumer<Trace> onOpened) {
        this.onOpened = onOpened;
    }

    /** A run produced a new, unsaved trace (or is about to). */
    void markNew(boolean unsaved) {
        currentFile.set(null);
        dirty.set(unsaved);
    }

    /** The session changed (a branch or a compare run was added) and keeps its file, if it has one. */
    void markChanged() {
        dirty.set(true);
    }

    /** Asks before unsaved work is dropped; true when it may be dropped. */
    public boolean confirmDiscard() {
        if (!dirty.get() || session.trace().isEmpty()) {
            return true;
        }
        return services.dialogs().confirm("Discard unsaved trace?", "The current trace has not been saved. Discard it?");
    }

    public void newSession() {
        if (running.getAsBoolean() || !confirmDiscard()) {
            return;
        }
        session.clear(false);
        markNew(false);
        status.set("Ready");
    }

    /** Asks for the file first, then (only when unsaved work would go) whether to discard it: one question at most. */
    public void open() {
        if (running.getAsBoolean()) {
            return;
        }
        services.dialogs().chooseTraceToOpen().filter(f -> confirmDiscard()).ifPresent(this::openWithoutAsking);
    }

    /** Opens a trace file (recent files, drag and drop), asking first when work is unsaved. */
    public void openFile(Path file) {
        if (running.getAsBoolean() || !confirmDiscard()) {
            return;
        }
        openWithoutAsking(file);
    }

    /** Opens the first dropped file that looks like a trace. */
    public void openDropped(List<Path> files) {
        files.stream().filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"))
                .findFirst().or(() -> files.stream().findFirst()).ifPresent(this::openFile);
    }

    private void openWithoutAsking(Path file) {
        busy.set(true);
        status.set("Opening " + file.getFileName() + "...");
        services.background().run("Open trace", () -> services.traceFiles().readSession(file), opened -> {
            busy.set(false);
            host.restore(opened);
            currentFile.set(file);
            dirty.set(false);
            recentFiles.setAll(services.recentFiles().add(file));
            Trace trace = opened.runs().get(opened.shown());
            status.set("Opened " + file.getFileName() + (opened.isSingle() ? "" : String.format(Locale.ROOT,
                    " (a session of %d runs, %d branches%s)", opened.runs().size(), opened.branches().size(),
                    opened.compare().isEmpty() ? "" : ", " + opened.compare().size() + " compared"))
                    + MainViewModel.recordedWith(trace));
            onOpened.accept(trace);
        }, error -> {
            busy.set(false);
            status.set("Could not open " + file.getFileName());
            services.dialogs().showError("Cannot open " + file.getFileName(), Errors.oneLine(error));
        });
    }

    /** Imports another tool's output as a new, unsaved trace (the first completion when there are several). */
    public void importFile() {
        if (running.getAsBoolean()) {
            return;
        }
        services.dialogs().chooseFileToImport().filter(f -> confirmDiscard()).ifPresent(this::importWithoutAsking);
    }

    private void importWithoutAsking(Path file) {
        busy.set(true);
        status.set("Importing " + file.getFileName() + "...");
        services.background().run("Import", () -> services.traceFiles().importFile(file), traces -> {
            busy.set(false);
            if (traces.isEmpty()) {
                services.dialogs().showError("Cannot import " + file.getFileName(), "the file holds no completion");
                return;
            }
            show.accept(traces.get(0));
            markNew(true);
            status.set("Imported " + file.getFileName() + (traces.size() > 1 ? " (first of " + traces.size() + " completions)" : ""));
        }, error -> {
            busy.set(false);
            status.set("Could not import " + file.getFileName());
            services.dialogs().showError("Cannot import " + file.getFileName(), Errors.oneLine(error));
        });
    }

    public void save() {
        Path file = currentFile.get();
        if (file == null) {
            saveAs();
        } else {
            saveTo(file);
        }
    }

    public void saveAs() {
        if (session.trace().isEmpty() || running.getAsBoolean()) {
            return;
        }
        services.dialogs().chooseTraceToSave(baseName() + TraceFiles.EXTENSION).ifPresent(this::saveTo);
    }

    /** Writes the session trace to a file in the background. */
    public void saveTo(Path file) {
        if (session.trace().isEmpty() || running.getAsBoolean()) {
            return;
        }
        io.relayscope.trace.Session toSave = host.session();
        busy.set(true);
        services.background().run("Save trace", () -> {
            services.traceFiles().writeSession(toSave, file);
            return file;
        }, saved -> {
            busy.set(false);
            currentFile.set(saved);
            dirty.set(false);
            recentFiles.setAll(services.recentFiles().add(saved));
            status.set("Saved " + saved.getFileName());
        }, error -> {
            busy.set(false);
            services.dialogs().showError("Cannot save " + file.getFileName(), Errors.oneLine(error));
        });
    }

    /** Exports the current trace as HTML, Markdown or CSV. */
    public void export(ExportFormat format) {
        if (session.trace().isEmpty() || running.getAsBoolean()) {
            return;
        }
        Trace trace = session.trace().toTrace(FinishReason.CANCELLED, null);
        services.dialogs().chooseExportTarget("Export " + format.label(), baseName() + "." + format.extension(), format.extension())
                .ifPresent(file -> services.background().run("Export", () -> {
                    services.traceFiles().export(trace, format, file);
                    return file;
                }, done -> status.set("Exported " + done.getFileName()),
                        error -> services.dialogs().showError("Cannot export " + file.getFileName(), Errors.oneLine(error))));
    }

    /** Writes a picture of the window, drawn by the view, to a PNG file the user picks. */
    public void exportImage(ImageWriter writer) {
        services.dialogs().chooseExportTarget("Export view as PNG", baseName() + ".png", "png").ifPresent(file -> {
            try {
                writer.write(file);
                status.set("Exported " + file.getFileName());
            } catch (Exception e) {
                services.dialogs().showError("Cannot export " + file.getFileName(), Errors.oneLine(e));
            }
        });
    }

    /** Draws the view into a file (supplied by the view, which alone knows its nodes). */
    @FunctionalInterface
    public interface ImageWriter {
        void write(Path file) throws Exception;
    }

    /** Offers the bundled sample sessions the first time the app starts. */
    public void offerSamplesOnFirstStart() {
        if (services.preferences().getBoolean(FIRST_START_KEY, false)) {
            return;
        }
        services.preferences().putBoolean(FIRST_START_KEY, true);
        List<Path> samples = services.traceFiles().sampleSessions();
        if (!samples.isEmpty()) {
            services.dialogs().chooseSampleSession(samples).ifPresent(this::openWithoutAsking);
        }
    }

    private String baseName() {
        Path f = currentFile.get();
        if (f == null) {
            return "relay-trace";
        }
        String name = f.getFileName().toString();
        return TraceFiles.baseName(name);
    }

    private void updateTitle() {
        Path f = currentFile.get();
        String name = f == null ? (session.trace().isEmpty() ? "" : "untitled") : f.getFileName().toString();
        title.set((name.isEmpty() ? "" : name + (dirty.get() ? " *" : "") + " \u2014 ") + "RelayScope");
    }

    /** True while a file is being opened, imported or saved. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Path> currentFileProperty() {
        return currentFile.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ObservableList<Path> recentFiles() {
        return recentFiles;
    }
}
