package io.relayscope.app.model;

import io.relayscope.trace.Trace;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs that branch from one another: each node is a full trace; a child was decoded from its parent's tokens up to
 * {@code position} with {@code tokenId} forced there (the same models and settings).
 */
public final class BranchTree {

    /** One run of the tree; {@code parent} is -1 for a root. */
    public record Node(int id, int parent, Trace trace, int position, int tokenId, String tokenText) {
        public boolean isRoot() {
            return parent < 0;
        }
    }

    private final List<Node> nodes = new ArrayList<>();

    public void clear() {
        nodes.clear();
    }

    /** The node holding this very trace, or -1. */
    public int find(Trace trace) {
        for (Node n : nodes) {
            if (n.trace() == trace) {
                return n.id();
            }
        }
        return -1;
    }

    /** The node of the trace, added as a new root when the tree does not hold it yet. */
    public int rootOrNode(Trace trace) {
        int id = find(trace);
        if (id >= 0) {
            return id;
        }
        nodes.add(new Node(nodes.size(), -1, trace, -1, -1, ""));
        return nodes.size() - 1;
    }

    public int addChild(int parent, Trace trace, int position, int tokenId, String tokenText) {
        nodes.add(new Node(nodes.size(), parent, trace, position, tokenId, tokenText));
        return nodes.size() - 1;
    }

    public Node node(int id) {
        return nodes.get(id);
    }

    public int size() {
        return nodes.size();
    }

    public int depth(int id) {
        int d = 0;
        for (int p = nodes.get(id).parent(); p >= 0; p = nodes.get(p).parent()) {
            d++;
        }
        return d;
    }

    /** Every node, each parent before its children (children in the order they were made). */
    public List<Node> inTreeOrder() {
        List<Node> out = new ArrayList<>(nodes.size());
        for (Node n : nodes) {
            if (n.isRoot()) {
                visit(n, out);
            }
        }
        return out;
    }

    private void visit(Node n, List<Node> out) {
        out.add(n);
        for (Node c : nodes) {
            if (c.parent() == n.id()) {
                visit(c, out);
            }
        }
    }
}
