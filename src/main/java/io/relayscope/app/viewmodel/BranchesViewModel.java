package io.relayscope.app.viewmodel;

import io.relayscope.app.model.BranchTree;
import io.relayscope.app.model.TokenDetails;
import io.relayscope.trace.Source;
import io.relayscope.trace.Trace;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.Locale;
import java.util.function.Consumer;

/** The branch tree's panel: one row per run, indented under the run it branched from; choosing a row shows it. */
public final class BranchesViewModel {
    private final BranchTree tree = new BranchTree();
    private final ObservableList<BranchTree.Node> rows = FXCollections.observableArrayList();
    private final ReadOnlyIntegerWrapper shown = new ReadOnlyIntegerWrapper(-1);
    private final Consumer<Trace> show;

    BranchesViewModel(Consumer<Trace> show) {
        this.show = show;
    }

    /** The node of the run on screen, about to be branched (a new root when it is not in the tree yet). */
    int nodeOf(Trace shownTrace) {
        return shown.get() >= 0 ? shown.get() : tree.rootOrNode(shownTrace);
    }

    void addChild(int parent, Trace trace, int position, int tokenId, String tokenText) {
        int id = tree.addChild(parent, trace, position, tokenId, tokenText);
        refresh();
        shown.set(id);
    }

    /** Marks which run is on screen (-1 when it is none of the tree's). */
    void shownTrace(Trace trace) {
        if (shown.get() < 0 || tree.node(shown.get()).trace() != trace) {
            shown.set(tree.find(trace));
        }
    }

    /** Takes over an opened session's branch tree (its run on screen is marked by {@link #shownTrace}). */
    void restore(io.relayscope.trace.Session session) {
        io.relayscope.app.model.SessionAssembly.restoreTree(session, tree);
        refresh();
        shown.set(-1);
    }

    /** The parent run of the branch on screen, if a branch is on screen. */
    java.util.Optional<BranchTree.Node> shownBranch() {
        int id = shown.get();
        return id >= 0 && !tree.node(id).isRoot() ? java.util.Optional.of(tree.node(id)) : java.util.Optional.empty();
    }

    void clear() {
        tree.clear();
        refresh();
        shown.set(-1);
    }

    private void refresh() {
        rows.setAll(tree.size() > 1 ? tree.inTreeOrder() : java.util.List.of());
    }

    /** Shows the run of a row. */
    public void choose(BranchTree.Node node) {
        shown.set(node.id());
        show.accept(node.trace());
    }

    /** "run 1: Answer: 60" for a root, "at #69 "2": Answer: 44" for a branch (the tree view indents it under its parent). */
    public String label(BranchTree.Node n) {
        String answer = n.trace().summary() == null ? "" : lastLine(n.trace());
        String head = n.isRoot() ? "run " + (n.id() + 1)
                : String.format(Locale.ROOT, "at #%d %s", n.position(), TokenDetails.quote(n.tokenText()));
        return head + ": " + answer;
    }

    private static String lastLine(Trace t) {
        String text = t.tokens().stream().filter(x -> x.source() != Source.PROMPT && x.source() != Source.COMMAND)
                .map(x -> x.text()).reduce("", String::concat).strip();
        int cut = text.lastIndexOf(". ");
        String tail = cut >= 0 && cut + 2 < text.length() ? text.substring(cut + 2) : text;
        return tail.length() > 40 ? "\u2026" + tail.substring(tail.length() - 39) : tail;
    }

    public BranchTree tree() {
        return tree;
    }

    public ObservableList<BranchTree.Node> rows() {
        return rows;
    }

    /** The id of the node on screen, -1 when none. */
    public ReadOnlyIntegerProperty shownProperty() {
        return shown.getReadOnlyProperty();
    }
}
