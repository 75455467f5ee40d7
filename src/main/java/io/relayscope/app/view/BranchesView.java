package io.relayscope.app.view;

import io.relayscope.app.model.BranchTree;
import io.relayscope.app.viewmodel.BranchesViewModel;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.HashMap;
import java.util.Map;

/**
 * The branch tree beside the timeline: each run under the run it branched from (position and forced token), the
 * run on screen selected; clicking (or Enter on) a run shows it, "Compare with parent" sets the branch beside it.
 */
public final class BranchesView extends VBox {
    private final TreeView<BranchTree.Node> tree = new TreeView<>();
    private final Map<Integer, TreeItem<BranchTree.Node>> items = new HashMap<>();

    public BranchesView(BranchesViewModel vm, Runnable compareWithParent) {
        super(4);
        getStyleClass().add("branches-view");
        setId("branchesPanel");
        Label title = new Label("BRANCHES");
        title.getStyleClass().add("section-title");
        title.setMinWidth(Region.USE_PREF_SIZE);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button compare = new Button("Compare with parent");
        compare.setId("compareWithParent");
        compare.getStyleClass().add("small-button");
        compare.setMinWidth(Region.USE_PREF_SIZE);
        compare.setTooltip(new javafx.scene.control.Tooltip("Open the branch on screen beside the run it branched from"));
        compare.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(() -> {
            int id = vm.shownProperty().get();
            return id < 0 || id >= vm.tree().size() || vm.tree().node(id).isRoot();
        }, vm.shownProperty(), vm.rows()));
        compare.setOnAction(e -> compareWithParent.run());
        HBox head = new HBox(6, title, spacer, compare);
        head.setStyle("-fx-alignment: center-left;");
        tree.setId("branchTree");
        tree.setShowRoot(false);
        tree.setRoot(new TreeItem<>());
        tree.setCellFactory(t -> new TreeCell<>() {
            @Override
            protected void updateItem(BranchTree.Node node, boolean empty) {
                super.updateItem(node, empty);
                setText(empty || node == null ? null : vm.label(node));
            }
        });
        tree.setOnMouseClicked(e -> chooseSelected(vm));
        tree.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER) {
                chooseSelected(vm);
            }
        });
        VBox.setVgrow(tree, Priority.ALWAYS);
        vm.shownProperty().addListener((o, was, id) -> select(id.intValue()));
        vm.rows().addListener((ListChangeListener<BranchTree.Node>) c -> rebuild(vm));
        Label hint = new Label("Click a token to continue from there with another one.");
        hint.getStyleClass().add("muted");
        hint.setWrapText(true);
        hint.setMinHeight(Region.USE_PREF_SIZE);
        getChildren().addAll(head, tree, hint);
        setMinWidth(220);
        setPrefWidth(330);
        rebuild(vm);
    }

    private void chooseSelected(BranchesViewModel vm) {
        TreeItem<BranchTree.Node> item = tree.getSelectionModel().getSelectedItem();
        if (item != null && item.getValue() != null && item.getValue().id() != vm.shownProperty().get()) {
            vm.choose(item.getValue());
        }
    }

    private void rebuild(BranchesViewModel vm) {
        items.clear();
        TreeItem<BranchTree.Node> root = new TreeItem<>();
        for (BranchTree.Node n : vm.rows()) {
            TreeItem<BranchTree.Node> item = new TreeItem<>(n);
            item.setExpanded(true);
            items.put(n.id(), item);
            (n.isRoot() ? root : items.get(n.parent())).getChildren().add(item);
        }
        tree.setRoot(root);
        select(vm.shownProperty().get());
    }

    private void select(int id) {
        TreeItem<BranchTree.Node> item = items.get(id);
        if (item == null) {
            tree.getSelectionModel().clearSelection();
        } else {
            tree.getSelectionModel().select(item);
        }
    }

    public TreeView<BranchTree.Node> tree() {
        return tree;
    }
}
