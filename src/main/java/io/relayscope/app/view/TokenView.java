package io.relayscope.app.view;

import io.relayscope.app.model.ConfidenceBucket;
import io.relayscope.app.model.TokenLine;
import io.relayscope.app.viewmodel.TokenViewModel;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/** The virtualised token view: a legend with display toggles over a ListView of token lines, and a hover pop-up. */
public final class TokenView extends VBox {
    /** Fixed line height: exact scrolling and cheap layout for 100k-token traces. */
    static final double LINE_HEIGHT = 22;
    private final TokenViewModel vm;
    private final ListView<TokenLine> list = new ListView<>();
    private final TokenPopup popup = new TokenPopup();
    private final HBox sourceLegend;
    private int displayVersion;
    private final HBox confidenceLegend;
    /** Token size relative to 100% (the window's zoom, times presenter mode's enlargement). */
    private double scale = 1;
    private double charWidth;

    public TokenView(TokenViewModel vm, ObservableBooleanValue running) {
        this.vm = vm;
        getStyleClass().add("token-view");
        list.getStyleClass().add("token-list");
        list.setId("tokenList");
        list.setItems(vm.lines());
        list.setCellFactory(l -> new TokenLineCell(vm, l, this::onHover, () -> displayVersion));
        list.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            int token = vm.hoveredTokenProperty().get();
            if (e.getButton() == javafx.scene.input.MouseButton.PRIMARY && token >= 0 && !running.getValue()) {
                showBranchMenu(token, e.getScreenX(), e.getScreenY());
            }
        });
        list.setFocusTraversable(true);
        // arrow keys walk through the tokens, the pop-up following; Escape hides it
        list.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.isShortcutDown() || e.isAltDown()) {
                return; // Ctrl+arrows are the replay's
            }
            int moved = switch (e.getCode()) {
                case RIGHT -> vm.moveFocus(1);
                case LEFT -> vm.moveFocus(-1);
                case DOWN -> vm.moveFocusLine(1);
                case UP -> vm.moveFocusLine(-1);
                case HOME -> vm.moveFocus(-Integer.MAX_VALUE / 2);
                case END -> vm.moveFocus(Integer.MAX_VALUE / 2);
                default -> -2;
            };
            if (e.getCode() == javafx.scene.input.KeyCode.ESCAPE) {
                popup.hide();
                e.consume();
            } else if (moved != -2) {
                e.consume();
                if (moved >= 0) {
                    showKeyboardPopup(moved);
                }
            }
        });
        Label placeholder = new Label("Run a prompt, or open a trace: File \u203A Open, or drop a .json file here.");
        placeholder.getStyleClass().add("muted");
        list.setPlaceholder(placeholder);
        VBox.setVgrow(list, Priority.ALWAYS);

        HBox slmSwatch = swatch("swatch-slm", "SLM");
        Label slmName = (Label) slmSwatch.getChildren().get(1);
        slmName.setId("legendSlm");
        slmName.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> vm.writersProperty().get().shortName(io.relayscope.trace.Source.SLM), vm.writersProperty()));
        sourceLegend = new HBox(10, swatch("swatch-prompt", "Prompt"), slmSwatch,
                swatch("swatch-llm", "LLM (underlined)"), chip());
        confidenceLegend = new HBox(8);
        sourceLegend.setMinWidth(Region.USE_PREF_SIZE);
        confidenceLegend.setMinWidth(Region.USE_PREF_SIZE);
        confidenceLegend.getChildren().add(fixed(new Label("Shading: the SLM's probability of its token")));
        for (int b = 0; b < ConfidenceBucket.COUNT; b++) {
            confidenceLegend.getChildren().add(swatch("swatch-heat-" + b, ConfidenceBucket.LABELS[b]));
        }
        confidenceLegend.getChildren().add(swatch("swatch-llm-muted", "LLM"));
        sourceLegend.setStyle("-fx-alignment: center-left;");
        confidenceLegend.setStyle("-fx-alignment: center-left;");

        CheckBox whitespace = new CheckBox("Whitespace");
        whitespace.setMinWidth(Region.USE_PREF_SIZE);
        whitespace.setId("whitespaceToggle");
        whitespace.selectedProperty().bindBidirectional(vm.showWhitespaceProperty());
        CheckBox confidence = new CheckBox("Confidence");
        confidence.setMinWidth(Region.USE_PREF_SIZE);
        confidence.setTooltip(new javafx.scene.control.Tooltip("Colour SLM tokens by the SLM's probability of the token it chose"));
        confidence.setId("confidenceToggle");
        confidence.selectedProperty().bindBidirectional(vm.colorByConfidenceProperty());
        CheckBox follow = new CheckBox("Follow");
        follow.setMinWidth(Region.USE_PREF_SIZE);
        follow.selectedProperty().bindBidirectional(vm.followNewestProperty());
        HBox toggles = new HBox(12, whitespace, confidence, follow);
        toggles.setMinWidth(Region.USE_PREF_SIZE);
        toggles.setStyle("-fx-alignment: center-left;");
        // each swatch and toggle is its own item of the legend, so that at 300% they wrap instead of being cut
        FlowPane legend = new FlowPane(10, 4);
        java.util.List<javafx.scene.Node> bySource = java.util.List.copyOf(sourceLegend.getChildren());
        java.util.List<javafx.scene.Node> byConfidence = java.util.List.copyOf(confidenceLegend.getChildren());
        java.util.List<javafx.scene.Node> switches = java.util.List.copyOf(toggles.getChildren());
        legend.getChildren().addAll(bySource);
        legend.getChildren().addAll(byConfidence);
        legend.getChildren().addAll(switches);
        for (javafx.scene.Node n : bySource) {
            n.visibleProperty().bind(vm.colorByConfidenceProperty().not());
            n.managedProperty().bind(vm.colorByConfidenceProperty().not());
        }
        for (javafx.scene.Node n : byConfidence) {
            n.visibleProperty().bind(vm.colorByConfidenceProperty());
            n.managedProperty().bind(vm.colorByConfidenceProperty());
        }
        legend.setMinWidth(0);
        legend.setPrefWrapLength(200);
        setMinWidth(0);
        legend.getStyleClass().add("legend");
        legend.setId("tokenLegend");
        getChildren().addAll(legend, list);

        measureChars();
        list.widthProperty().addListener((o, was, w) -> updateCharsPerLine());
        vm.showWhitespaceProperty().addListener(o -> redisplay());
        vm.colorByConfidenceProperty().addListener(o -> redisplay());
        vm.focusedTokenProperty().addListener(o -> redisplay());
        vm.scrollRequestsProperty().addListener(o -> scrollToFocused());
        list.addEventFilter(ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() > 0) {
                vm.followNewestProperty().set(false);
            }
        });
        vm.batchesProperty().addListener(o -> {
            if (running.get() && vm.followNewestProperty().get() && !vm.lines().isEmpty()) {
                list.scrollTo(vm.lines().size() - 1);
            }
        });
    }

    private void redisplay() {
        displayVersion++;
        list.refresh();
    }

    private void scrollToFocused() {
        int line = vm.lineOf(vm.focusedTokenProperty().get());
        if (line >= 0) {
            list.scrollTo(Math.max(0, line - 2));
            list.getSelectionModel().clearSelection();
        }
    }

    private void onHover(int token, MouseEvent e) {
        vm.hoveredTokenProperty().set(token);
        if (token < 0) {
            popup.hide();
        } else {
            popup.show(list, vm.describe(token), e.getScreenX(), e.getScreenY());
        }
    }

    /** After an arrow key: the highlighted token in view and the pop-up under it. */
    private void showKeyboardPopup(int token) {
        vm.hoveredTokenProperty().set(token);
        javafx.scene.Node node = focusedNode();
        if (node == null || !visible(node)) {
            int line = vm.lineOf(token);
            if (line >= 0) {
                list.scrollTo(Math.max(0, line - 2));
            }
            list.layout();
            node = focusedNode();
        }
        if (node == null) {
            popup.show(list, vm.describe(token), list.localToScreen(0, 0).getX() + 20, list.localToScreen(0, 0).getY() + 20);
            return;
        }
        javafx.geometry.Bounds b = node.localToScreen(node.getBoundsInLocal());
        popup.show(list, vm.describe(token), b.getMinX() - 14, b.getMaxY() - 14);
    }

    /** The framed label of the highlighted token in a shown cell of its line (cells are reused: check the line). */
    private javafx.scene.Node focusedNode() {
        list.applyCss();
        list.layout();
        int token = vm.focusedTokenProperty().get();
        for (javafx.scene.Node n : list.lookupAll(".list-cell")) {
            if (n instanceof TokenLineCell cell && cell.isVisible() && cell.getItem() != null
                    && cell.getItem().first() <= token && token < cell.getItem().end()) {
                return cell.lookup(".focused-token");
            }
        }
        return null;
    }

    private boolean visible(javafx.scene.Node node) {
        javafx.geometry.Bounds b = node.localToScene(node.getBoundsInLocal());
        javafx.geometry.Bounds l = list.localToScene(list.getBoundsInLocal());
        return b.getMinY() >= l.getMinY() && b.getMaxY() <= l.getMaxY();
    }

    /** Sets the token size relative to 100%: line height and characters per line follow. */
    public void setTokenScale(double scale) {
        if (scale == this.scale) {
            return;
        }
        this.scale = scale;
        measureChars();
        updateCharsPerLine();
        redisplay();
    }

    private void measureChars() {
        Text probe = new Text("0123456789");
        probe.setFont(Font.font("DejaVu Sans Mono", 13 * scale));
        charWidth = Math.max(5, probe.getLayoutBounds().getWidth() / 10);
        list.setFixedCellSize(Math.ceil(LINE_HEIGHT * scale));
    }

    private void updateCharsPerLine() {
        if (list.getWidth() > 0) {
            vm.setCharsPerLine((int) Math.floor((list.getWidth() - 40) / charWidth) - 1);
        }
    }

    /** The click menu of a response token: "Continue from here with ..." for each alternative the model gave. */
    public javafx.scene.control.ContextMenu branchMenu(int token) {
        javafx.scene.control.ContextMenu menu = new javafx.scene.control.ContextMenu();
        for (io.relayscope.trace.Alternative a : vm.branchChoices(token)) {
            javafx.scene.control.MenuItem item = new javafx.scene.control.MenuItem(String.format(java.util.Locale.ROOT,
                    "Continue from here with %s  (p %.3f)", io.relayscope.app.model.TokenDetails.quote(a.text()), a.probability()));
            item.setId("branch-" + a.id());
            item.setOnAction(e -> vm.branchWith(token, a.id()));
            menu.getItems().add(item);
        }
        if (vm.canBranchAt(token)) {
            if (!menu.getItems().isEmpty()) {
                menu.getItems().add(new javafx.scene.control.SeparatorMenuItem());
            }
            menu.getItems().add(typedItem(menu, token));
        }
        return menu;
    }

    /** "Continue from here with: [ typed token ]", Enter starts it; a text that is not one token says why, in place. */
    private javafx.scene.control.CustomMenuItem typedItem(javafx.scene.control.ContextMenu menu, int token) {
        javafx.scene.control.TextField field = new javafx.scene.control.TextField();
        field.setId("branchTypedField");
        field.setPromptText("a token, e.g. 5");
        field.setPrefColumnCount(10);
        Label why = new Label();
        why.setId("branchTypedError");
        why.getStyleClass().add("error-text");
        why.setWrapText(true);
        why.setMaxWidth(320);
        why.managedProperty().bind(why.textProperty().isNotEmpty());
        why.visibleProperty().bind(why.textProperty().isNotEmpty());
        field.setOnAction(e -> {
            java.util.Optional<String> refused = vm.branchWithTyped(token, field.getText());
            if (refused.isPresent()) {
                why.setText(refused.get());
            } else {
                menu.hide();
            }
        });
        HBox row = new HBox(6, fixed(new Label("Continue from here with")), field);
        row.setStyle("-fx-alignment: center-left;");
        VBox box = new VBox(4, row, why);
        javafx.scene.control.CustomMenuItem item = new javafx.scene.control.CustomMenuItem(box, false);
        item.setId("branch-typed");
        return item;
    }

    private void showBranchMenu(int token, double screenX, double screenY) {
        javafx.scene.control.ContextMenu menu = branchMenu(token);
        if (!menu.getItems().isEmpty()) {
            popup.hide();
            menu.show(list, screenX, screenY);
        }
    }

    private static HBox swatch(String styleClass, String text) {
        Region box = new Region();
        box.getStyleClass().addAll("legend-swatch", styleClass);
        HBox h = new HBox(4, box, fixed(new Label(text)));
        h.setMinWidth(Region.USE_PREF_SIZE);
        h.setStyle("-fx-alignment: center-left;");
        return h;
    }

    private static Label chip() {
        Label l = new Label("<call>n</call>");
        l.getStyleClass().add("command-chip");
        return fixed(l);
    }

    private static Label fixed(Label l) {
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    public ListView<TokenLine> list() {
        return list;
    }

    /** The hover pop-up's content node (for snapshots). */
    public javafx.scene.Node popupContent() {
        return popup.content();
    }

    /** The hover pop-up's current text (for tests). */
    public String popupText() {
        return popup.isShowing() ? popup.text() : "";
    }
}
