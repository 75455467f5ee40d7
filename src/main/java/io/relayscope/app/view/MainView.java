package io.relayscope.app.view;

import io.relayscope.app.service.ExportFormat;
import io.relayscope.app.viewmodel.DisplayViewModel;
import io.relayscope.app.viewmodel.MainViewModel;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.control.ToggleSwitch;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

/** The main window's content: menus and tool bar, settings on the left, tokens and timeline, counters, replay. */
public final class MainView extends BorderPane {
    /** Presenter mode's tokens: 2em instead of the usual 1.083em. */
    static final double PRESENTER_TOKEN_SCALE = 2.0 / 1.083;
    /** The counters column's width in em of the UI font: normal, and presenter mode (counters at 1.4em). */
    static final double COUNTERS_EM = 22;
    static final double COUNTERS_EM_PRESENTER = 30;
    /** The most of the window's width the counters column takes. */
    static final double COUNTERS_SHARE = 0.42;
    /** The most of the window's width the settings column takes, and the room for its scroll bar in em. */
    static final double SETTINGS_SHARE = 0.3;
    /** The least height of the tokens and timeline, in em of the UI font, below which they scroll. */
    static final double MIDDLE_MIN_EM = 24;
    static final double SETTINGS_SCROLLBAR_EM = 1.4;
    private final MainViewModel vm;
    private final TokenView tokenView;
    private final TimelineView timelineView;
    private final ReplayBar replayBar;
    private final Menu recentMenu = new Menu("Open _Recent");
    /** Keys handled outside the menus, for the shortcut list in Help ("key\taction"). */
    static final List<String> EXTRA_SHORTCUTS = List.of("Ctrl+Enter\tRun (from anywhere, the prompt too)",
            "Tab / Shift+Tab\tLeave the prompt (Ctrl+Tab inserts a tab)",
            "Ctrl+Shift+= / Ctrl+Numpad +\tZoom in", "Ctrl+Numpad -\tZoom out",
            "Left / Right, Up / Down, Home / End\tMove through the tokens, the pop-up following (token view focused)",
            "Esc\tHide the token pop-up");
    private MenuBar menuBar;
    private CompareWindow compareWindow;

    public MainView(MainViewModel vm) {
        this.vm = vm;
        getStyleClass().add("main-view");
        tokenView = new TokenView(vm.tokens(), vm.runningProperty());
        timelineView = new TimelineView(vm.timeline(), vm.darkThemeProperty(), vm.tokens().focusedTokenProperty());
        replayBar = new ReplayBar(vm.replay());
        CountersView counters = new CountersView(vm.counters(), vm.darkThemeProperty());
        SettingsPanel settings = new SettingsPanel(vm.settings(), vm.models(), vm.prices());
        ScrollPane settingsScroll = new ScrollPane(settings);
        settingsScroll.setId("settingsScroll");
        settingsScroll.getStyleClass().add("side-panel-scroll");

        // the branch tree sits beside the timeline (both find a run's places), shown once there is a branch
        SplitPane lower = new SplitPane(timelineView);
        lower.setId("lowerSplit");
        BranchesView branches = new BranchesView(vm.branches(), vm::compareWithParent);
        Runnable placeBranches = () -> {
            boolean any = !vm.branches().rows().isEmpty();
            if (any && !lower.getItems().contains(branches)) {
                lower.getItems().add(branches);
                lower.setDividerPositions(0.64);
            } else if (!any) {
                lower.getItems().remove(branches);
            }
        };
        vm.branches().rows().addListener((ListChangeListener<Object>) c -> placeBranches.run());
        placeBranches.run();
        SplitPane.setResizableWithParent(branches, false);
        SplitPane center = new SplitPane(tokenView, lower);
        center.setOrientation(Orientation.VERTICAL);
        center.setDividerPositions(vm.layout().tokenSplitProperty().get());
        center.getDividers().get(0).positionProperty().addListener((o, was, p) -> {
            if (center.getScene() != null && center.getHeight() > 0) {
                vm.layout().tokenSplitProperty().set(p.doubleValue());
            }
        });
        SplitPane.setResizableWithParent(lower, false);

        setTop(new VBox(menuBar(), toolBar()));
        setLeft(settingsScroll);
        Label caption = new Label();
        caption.setId("replayCaption");
        caption.getStyleClass().add("replay-caption");
        caption.setWrapText(true);
        caption.setMaxWidth(Double.MAX_VALUE);
        caption.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // wrapped lines, never an ellipsis
        caption.textProperty().bind(vm.replay().captionProperty());
        caption.visibleProperty().bind(vm.replay().captionProperty().isNotEmpty());
        caption.managedProperty().bind(caption.visibleProperty());
        VBox.setVgrow(center, Priority.ALWAYS);
        // the tokens and timeline give way to the counters column (never the reverse): at presenter size and 300%
        // their legend and buttons may be wider than what is left, and then run under the column (drawn above them)
        VBox middle = new VBox(caption, center);
        middle.setMinWidth(0);
        setCenter(middleScroll(middle));
        ScrollPane countersScroll = new ScrollPane(counters);
        countersScroll.setId("countersScroll");
        countersScroll.setFitToWidth(true);
        countersScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        countersScroll.getStyleClass().add("side-panel-scroll");
        setRight(countersScroll);
        vm.compareRequestsProperty().addListener((o, was, now) -> showCompare());
        // at 300% in presenter mode the replay bar's buttons are wider than a 1280 px window: it may then run past the
        // window's edge rather than push the whole view (and the counters column) past it
        VBox bottom = new VBox(replayBar, statusBar());
        replayBar.setMinWidth(0);
        bottom.setMinWidth(0);
        setBottom(bottom);
        installDragAndDrop();
        bindDisplay(settingsScroll);
        bindCountersWidth(countersScroll);
        bindSettingsWidth(settingsScroll, settings);
        installRunKey();
    }

    /** Zoom scales every font (the style sheet sizes in em of the root's); presenter mode hides the settings. */
    private void bindDisplay(ScrollPane settingsScroll) {
        DisplayViewModel display = vm.display();
        Runnable apply = () -> {
            boolean presenter = display.presenterProperty().get();
            setStyle(String.format(java.util.Locale.ROOT, "-fx-font-size: %.2fpx;", display.fontPx()));
            if (presenter != getStyleClass().contains("presenter")) {
                if (presenter) {
                    getStyleClass().add("presenter");
                } else {
                    getStyleClass().remove("presenter");
                }
            }
            setLeft(presenter ? null : settingsScroll);
            tokenView.setTokenScale(display.zoomProperty().get() * (presenter ? PRESENTER_TOKEN_SCALE : 1));
        };
        display.zoomProperty().addListener(o -> apply.run());
        display.presenterProperty().addListener(o -> apply.run());
        apply.run();
        // the keypad's + and - and Ctrl+Shift+= zoom too, beside the menu accelerators
        sceneProperty().addListener((o, was, scene) -> {
            if (scene != null) {
                scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ADD, KeyCombination.SHORTCUT_DOWN), display::zoomIn);
                scene.getAccelerators().put(new KeyCodeCombination(KeyCode.PLUS, KeyCombination.SHORTCUT_DOWN), display::zoomIn);
                scene.getAccelerators().put(new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHORTCUT_DOWN,
                        KeyCombination.SHIFT_DOWN), display::zoomIn);
                scene.getAccelerators().put(new KeyCodeCombination(KeyCode.SUBTRACT, KeyCombination.SHORTCUT_DOWN), display::zoomOut);
            }
        });
    }

    /**
     * The counters column: wide enough for its texts at the current font size (in em, wider in presenter mode's
     * larger counters), but never more than {@link #COUNTERS_SHARE} of the window; what does not fit wraps, and the
     * column scrolls when the window is too short.
     */
    private void bindCountersWidth(ScrollPane countersScroll) {
        DisplayViewModel display = vm.display();
        javafx.beans.binding.DoubleBinding width = Bindings.createDoubleBinding(() -> {
            double em = display.presenterProperty().get() ? COUNTERS_EM_PRESENTER : COUNTERS_EM;
            double wanted = em * display.fontPx();
            return getWidth() > 0 ? Math.min(wanted, getWidth() * COUNTERS_SHARE) : wanted;
        }, display.zoomProperty(), display.presenterProperty(), widthProperty());
        countersScroll.prefWidthProperty().bind(width);
        countersScroll.minWidthProperty().bind(width);
        countersScroll.maxWidthProperty().bind(width);
    }

    /**
     * The tokens and timeline fill the height between the bars; where that is under {@link #MIDDLE_MIN_EM} (300% in a
     * short window) they keep that height and scroll up and down, so that the legend's and the timeline's rows of
     * controls, which wrap in a narrow window, never run over the tool bar or squeeze the tokens away.
     */
    private ScrollPane middleScroll(VBox middle) {
        ScrollPane scroll = new ScrollPane(middle);
        scroll.setId("middleScroll");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setMinWidth(0);
        scroll.getStyleClass().add("middle-scroll");
        DisplayViewModel display = vm.display();
        javafx.beans.binding.DoubleBinding least = Bindings.createDoubleBinding(() -> MIDDLE_MIN_EM * display.fontPx(),
                display.zoomProperty(), display.presenterProperty());
        javafx.beans.binding.BooleanBinding fits = Bindings.createBooleanBinding(
                () -> scroll.getViewportBounds().getHeight() >= least.get(), scroll.viewportBoundsProperty(), least);
        scroll.fitToHeightProperty().bind(fits);
        middle.prefHeightProperty().bind(Bindings.when(fits).then(-1.0).otherwise(least));
        return scroll;
    }

    /**
     * The settings column: as wide as the panel (in em, so it grows with the zoom) and its scroll bar, but never more
     * than {@link #SETTINGS_SHARE} of the window; when the panel is wider than that (300% in a small window) it keeps
     * its width and scrolls sideways, so no field is cut.
     */
    private void bindSettingsWidth(ScrollPane settingsScroll, SettingsPanel settings) {
        DisplayViewModel display = vm.display();
        javafx.beans.binding.DoubleBinding width = Bindings.createDoubleBinding(() -> {
            double wanted = (SettingsPanel.PREF_WIDTH_EM + SETTINGS_SCROLLBAR_EM) * display.fontPx();
            return getWidth() > 0 ? Math.min(wanted, getWidth() * SETTINGS_SHARE) : wanted;
        }, display.zoomProperty(), display.presenterProperty(), widthProperty());
        settingsScroll.prefWidthProperty().bind(width);
        settingsScroll.minWidthProperty().bind(width);
        settingsScroll.maxWidthProperty().bind(width);
        // fitted to the column while the panel fits in it; else the panel keeps its own width, with a scroll bar
        settingsScroll.fitToWidthProperty().bind(Bindings.createBooleanBinding(
                () -> settingsScroll.getViewportBounds().getWidth() >= settings.prefWidth(-1) - 0.5,
                settingsScroll.viewportBoundsProperty(), display.zoomProperty()));
        settingsScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.AS_NEEDED);
    }

    private MenuBar menuBar() {
        MenuItem newItem = item("_New", new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN), vm.document()::newSession);
        MenuItem open = item("_Open\u2026", new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), vm.document()::open);
        MenuItem save = item("_Save", new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN), vm.document()::save);
        MenuItem saveAs = item("Save _As\u2026",
                new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), vm.document()::saveAs);
        save.disableProperty().bind(vm.commands().canSave().not());
        saveAs.disableProperty().bind(vm.commands().canSave().not());
        open.disableProperty().bind(vm.commands().canChangeDocument().not());
        newItem.disableProperty().bind(vm.commands().canChangeDocument().not());
        MenuItem quit = item("_Quit", new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN), () -> {
            if (getScene() != null && getScene().getWindow() != null) {
                getScene().getWindow().fireEvent(new javafx.stage.WindowEvent(getScene().getWindow(),
                        javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST));
            }
        });
        vm.document().recentFiles().addListener((ListChangeListener<Path>) c -> fillRecent());
        fillRecent();
        MenuItem restore = item("Res_tore Replaced Run", new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN,
                KeyCombination.SHIFT_DOWN), vm.document()::restoreReplaced);
        restore.setId("restoreReplaced");
        restore.disableProperty().bind(vm.document().canRestoreReplaced().not().or(vm.commands().canChangeDocument().not()));
        MenuItem importItem = item("_Import\u2026", new KeyCodeCombination(KeyCode.I, KeyCombination.SHORTCUT_DOWN),
                vm.document()::importFile);
        importItem.disableProperty().bind(vm.commands().canChangeDocument().not());
        Menu export = new Menu("_Export");
        for (ExportFormat format : ExportFormat.values()) {
            MenuItem mi = item(exportText(format), exportKey(format), () -> vm.document().export(format));
            export.getItems().add(mi);
        }
        export.getItems().add(item("View as _PNG image\u2026", new KeyCodeCombination(KeyCode.P, KeyCombination.SHORTCUT_DOWN,
                KeyCombination.ALT_DOWN), () -> vm.document().exportImage(this::writePng)));
        export.disableProperty().bind(vm.commands().canSave().not());
        MenuItem compareTraces = item("_Compare Traces\u2026", new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN,
                KeyCombination.SHIFT_DOWN), vm::compareOpenTraces);
        compareTraces.disableProperty().bind(vm.runningProperty());
        Menu file = new Menu("_File", null, newItem, open, recentMenu, importItem, compareTraces, restore, new SeparatorMenuItem(), save, saveAs,
                export, new SeparatorMenuItem(), quit);

        MenuItem run = item("_Run", new KeyCodeCombination(KeyCode.F5), vm::run);
        MenuItem step = item("S_tep", new KeyCodeCombination(KeyCode.F10), vm::step);
        MenuItem stop = item("St_op", new KeyCodeCombination(KeyCode.F5, KeyCombination.SHIFT_DOWN), vm::stop);
        run.disableProperty().bind(vm.commands().canRun().not());
        step.disableProperty().bind(vm.commands().canStep().not());
        stop.disableProperty().bind(vm.commands().canStop().not());
        MenuItem play = item("_Play / pause replay", new KeyCodeCombination(KeyCode.P, KeyCombination.SHORTCUT_DOWN),
                vm.replay()::togglePlay);
        MenuItem forward = item("Replay one token _forward",
                new KeyCodeCombination(KeyCode.RIGHT, KeyCombination.SHORTCUT_DOWN), vm.replay()::stepForward);
        MenuItem back = item("Replay one token _back",
                new KeyCodeCombination(KeyCode.LEFT, KeyCombination.SHORTCUT_DOWN), vm.replay()::stepBack);
        for (MenuItem mi : List.of(play, forward, back)) {
            mi.disableProperty().bind(vm.replay().enabledProperty().not());
        }
        MenuItem runAll = item("Run _All Policies (Compare)", new KeyCodeCombination(KeyCode.F6), vm::runAllPolicies);
        runAll.disableProperty().bind(vm.commands().canRun().not().or(vm.runningProperty()));
        MenuItem compareWindowItem = item("_Compare Window", new KeyCodeCombination(KeyCode.F7), this::showCompare);
        Menu runMenu = new Menu("_Run", null, run, step, stop, new SeparatorMenuItem(), runAll, compareWindowItem,
                new SeparatorMenuItem(), play, forward, back);

        CheckMenuItem dark = check("_Dark theme", new KeyCodeCombination(KeyCode.D, KeyCombination.SHORTCUT_DOWN,
                KeyCombination.SHIFT_DOWN));
        dark.selectedProperty().bindBidirectional(vm.darkThemeProperty());
        CheckMenuItem whitespace = check("_Whitespace glyphs", new KeyCodeCombination(KeyCode.W, KeyCombination.SHORTCUT_DOWN,
                KeyCombination.SHIFT_DOWN));
        whitespace.selectedProperty().bindBidirectional(vm.tokens().showWhitespaceProperty());
        CheckMenuItem confidence = check("Colour by SLM _confidence", new KeyCodeCombination(KeyCode.H,
                KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        confidence.selectedProperty().bindBidirectional(vm.tokens().colorByConfidenceProperty());
        MenuItem fit = item("_Fit timeline", new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN,
                KeyCombination.SHIFT_DOWN), vm.timeline()::fit);
        MenuItem zoomIn = item("Zoom _In", new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHORTCUT_DOWN),
                vm.display()::zoomIn);
        MenuItem zoomOut = item("Zoom _Out", new KeyCodeCombination(KeyCode.MINUS, KeyCombination.SHORTCUT_DOWN),
                vm.display()::zoomOut);
        MenuItem actualSize = item("_Actual Size", new KeyCodeCombination(KeyCode.DIGIT0, KeyCombination.SHORTCUT_DOWN),
                vm.display()::resetZoom);
        zoomIn.disableProperty().bind(vm.display().zoomProperty().greaterThanOrEqualTo(DisplayViewModel.MAX_ZOOM));
        zoomOut.disableProperty().bind(vm.display().zoomProperty().lessThanOrEqualTo(DisplayViewModel.MIN_ZOOM));
        CheckMenuItem presenter = check("_Presenter Mode", new KeyCodeCombination(KeyCode.F11));
        presenter.selectedProperty().bindBidirectional(vm.display().presenterProperty());
        Menu view = new Menu("_View", null, dark, whitespace, confidence, new SeparatorMenuItem(), fit,
                new SeparatorMenuItem(), zoomIn, zoomOut, actualSize, presenter);
        MenuItem helpItem = item("RelayScope _Help", new KeyCodeCombination(KeyCode.F1), this::showHelp);
        Menu help = new Menu("_Help", null, helpItem);
        MenuBar bar = new MenuBar(file, runMenu, view, help);
        menuBar = bar;
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    /** Opens the compare window (one per main window; shown again when asked twice). */
    public CompareWindow showCompare() {
        if (compareWindow == null) {
            compareWindow = new CompareWindow(getScene() == null ? null : getScene().getWindow(), vm);
        }
        compareWindow.show();
        return compareWindow;
    }

    /** Opens the Help panel (F1). */
    public javafx.stage.Stage showHelp() {
        return HelpWindow.show(getScene() == null ? null : getScene().getWindow(), menuBar, EXTRA_SHORTCUTS);
    }

    /** Ctrl+Enter runs from anywhere; a scene filter, so the prompt's text area cannot swallow it. */
    private void installRunKey() {
        KeyCodeCombination runKey = new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN);
        sceneProperty().addListener((o, was, scene) -> {
            if (scene != null) {
                scene.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
                    if (runKey.match(e)) {
                        e.consume();
                        if (!runDisabled()) {
                            vm.run();
                        }
                    }
                });
            }
        });
    }

    private boolean runDisabled() {
        javafx.scene.Node run = lookup("#runButton");
        return run == null || run.isDisabled();
    }

    private void fillRecent() {
        recentMenu.getItems().clear();
        int n = 0;
        for (Path p : vm.document().recentFiles()) {
            // "_1 name (folder)": the number is the mnemonic and, with Ctrl+Alt, the accelerator; a file's own
            // underscores are doubled so that they stay text
            n++;
            String text = p.getFileName() + "   (" + (p.getParent() == null ? "" : p.getParent()) + ")";
            MenuItem mi = item("_" + n + " " + text.replace("_", "__"), n <= 9 ? new KeyCodeCombination(
                    KeyCode.getKeyCode(Integer.toString(n)), KeyCombination.SHORTCUT_DOWN, KeyCombination.ALT_DOWN) : null,
                    () -> vm.document().openFile(p));
            recentMenu.getItems().add(mi);
        }
        recentMenu.setDisable(vm.document().recentFiles().isEmpty());
    }

    private ToolBar toolBar() {
        Button run = new Button("\u25B6 Run");
        run.setId("runButton");
        run.getStyleClass().add("run-button");
        run.setDefaultButton(false);
        run.textProperty().bind(Bindings.when(vm.steppingProperty()).then("\u25B6 Continue").otherwise("\u25B6 Run"));
        run.disableProperty().bind(vm.commands().canRun().not());
        run.setOnAction(e -> vm.run());
        run.setTooltip(new Tooltip("Run the prompt (F5)"));
        Button step = new Button("Step \u203A");
        step.setId("stepButton");
        step.disableProperty().bind(vm.commands().canStep().not());
        step.setOnAction(e -> vm.step());
        step.setTooltip(new Tooltip("One token at a time, for teaching (F10)"));
        Button stop = new Button("\u25A0 Stop");
        stop.setId("stopButton");
        stop.disableProperty().bind(vm.commands().canStop().not());
        stop.setOnAction(e -> vm.stop());
        stop.setTooltip(new Tooltip("Stop; the trace so far stays valid (Shift+F5)"));
        Label blocked = new Label();
        blocked.setId("runBlockedReason");
        blocked.getStyleClass().add("run-blocked");
        blocked.textProperty().bind(vm.commands().runBlockedReason());
        blocked.visibleProperty().bind(vm.commands().runBlockedReason().isNotEmpty());
        blocked.managedProperty().bind(blocked.visibleProperty());
        blocked.setWrapText(false);
        ProgressIndicator running = new ProgressIndicator();
        running.setPrefSize(18, 18);
        running.visibleProperty().bind(vm.runningProperty().or(vm.document().busyProperty()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        ToggleSwitch dark = new ToggleSwitch("Dark");
        dark.setId("darkSwitch");
        dark.selectedProperty().bindBidirectional(vm.darkThemeProperty());
        return new ToolBar(run, step, stop, running, blocked, spacer, dark);
    }

    private HBox statusBar() {
        Label status = new Label();
        status.setId("statusLabel");
        status.textProperty().bind(vm.statusProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label models = new Label();
        models.getStyleClass().add("muted");
        models.textProperty().bind(Bindings.concat(vm.models().slmNameProperty(), " + ", vm.models().llmNameProperty(),
                " \u2022 ", vm.models().statusProperty()));
        HBox bar = new HBox(10, status, spacer, models);
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    private void installDragAndDrop() {
        setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        setOnDragDropped(e -> {
            List<File> files = e.getDragboard().hasFiles() ? e.getDragboard().getFiles() : List.of();
            e.setDropCompleted(!files.isEmpty());
            e.consume();
            if (!files.isEmpty()) {
                List<Path> paths = files.stream().map(File::toPath).toList();
                javafx.application.Platform.runLater(() -> vm.document().openDropped(paths));
            }
        });
    }

    /** Writes a snapshot of the whole window to a PNG file. */
    public void writePng(Path file) throws java.io.IOException {
        javafx.scene.image.WritableImage image = getScene().snapshot(null);
        javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
    }

    /** An export format's letter: its mnemonic, and with Ctrl+Alt its accelerator (Ctrl+Alt+P is the PNG image). */
    private static KeyCode exportLetter(ExportFormat format) {
        return switch (format) {
            case HTML -> KeyCode.H;
            case MARKDOWN -> KeyCode.M;
            case CSV -> KeyCode.S;
        };
    }

    /** An export format's menu text: its label with the mnemonic before its letter. */
    private static String exportText(ExportFormat format) {
        String label = format.label();
        int at = label.toUpperCase(java.util.Locale.ROOT).indexOf(exportLetter(format).getName());
        return label.substring(0, at) + "_" + label.substring(at) + "\u2026";
    }

    private static KeyCombination exportKey(ExportFormat format) {
        return new KeyCodeCombination(exportLetter(format), KeyCombination.SHORTCUT_DOWN, KeyCombination.ALT_DOWN);
    }

    private static CheckMenuItem check(String text, KeyCombination key) {
        CheckMenuItem mi = new CheckMenuItem(text);
        mi.setAccelerator(key);
        return mi;
    }

    private static MenuItem item(String text, KeyCombination key, Runnable action) {
        MenuItem mi = new MenuItem(text);
        if (key != null) {
            mi.setAccelerator(key);
        }
        mi.setOnAction(e -> action.run());
        return mi;
    }

    public TokenView tokenView() {
        return tokenView;
    }

    public TimelineView timelineView() {
        return timelineView;
    }

    public ReplayBar replayBar() {
        return replayBar;
    }
}
