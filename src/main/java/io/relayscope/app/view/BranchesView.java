package io.relayscope.app.view;

import io.relayscope.app.model.BranchTree;
import io.relayscope.app.viewmodel.BranchesViewModel;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.VBox;

/** The branch tree: one row per run, indented under its parent; the run on screen is selected; a click shows a run. */
public final class BranchesView extends VBox {
    private final ListView<BranchTree.Node> list = new ListView<>();

    public BranchesView(BranchesViewModel vm) {
        super(4);
        getStyleClass().add("branches-view");
        Label title = new Label("BRANCHES");
        title.getStyleClass().add("section-title");
        list.setId("branchList");
        list.setItems(vm.rows());
        list.setPrefHeight(140);
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(BranchTree.Node node, boolean empty) {
                super.updateItem(node, empty);
                setText(empty || node == null ? null : vm.label(node));
            }
        });
        list.setOnMouseClicked(e -> {
            BranchTree.Node n = list.getSelectionModel().getSelectedItem();
            if (n != null && n.id() != vm.shownProperty().get()) {
                vm.choose(n);
            }
        });
        vm.shownProperty().addListener((o, was, id) -> select(vm, id.intValue()));
        vm.rows().addListener((javafx.collections.ListChangeListener<BranchTree.Node>) c -> select(vm, vm.shownProperty().get()));
        Label hint = new Label("Click a token to continue from there with another one.");
        hint.getStyleClass().add("muted");
        hint.setWrapText(true);
        visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(vm.rows()));
        managedProperty().bind(visibleProperty());
        getChildren().addAll(title, list, hint);
    }

    private void select(BranchesViewModel vm, int id) {
        for (int i = 0; i < vm.rows().size(); i++) {
            if (vm.rows().get(i).id() == id) {
                list.getSelectionModel().select(i);
                return;
            }
        }
        list.getSelectionModel().clearSelection();
    }

    public ListView<BranchTree.Node> list() {
        return list;
    }
}
