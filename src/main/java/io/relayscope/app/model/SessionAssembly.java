package io.relayscope.app.model;

import io.relayscope.trace.BranchLink;
import io.relayscope.trace.Session;
import io.relayscope.trace.Trace;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Between what the app holds (a branch tree, compare lanes, the run on screen) and a {@link Session} file. */
public final class SessionAssembly {
    private SessionAssembly() {
    }

    /**
     * The session to save: the tree's runs first (a parent always before its children), then every compared run and
     * the run on screen that is not one of them (the same trace object is one run; the run on screen, a copy, is
     * the run it equals).
     *
     * @param shownNode the tree node on screen, or -1 when the run on screen ({@code current}) is none of the tree's
     */
    public static Session of(BranchTree tree, int shownNode, Trace current, List<Trace> compared) {
        List<Trace> runs = new ArrayList<>();
        Map<Trace, Integer> index = new IdentityHashMap<>();
        List<BranchLink> links = new ArrayList<>();
        for (int id = 0; id < tree.size(); id++) {
            BranchTree.Node n = tree.node(id);
            index.put(n.trace(), runs.size());
            runs.add(n.trace());
            if (!n.isRoot()) {
                links.add(new BranchLink(id, n.parent(), n.position(), n.tokenId(), n.tokenText()));
            }
        }
        List<Integer> compare = new ArrayList<>();
        for (Trace t : compared) {
            compare.add(indexOf(t, runs, index));
        }
        int shown = shownNode >= 0 ? shownNode : runs.indexOf(current); // the run on screen is a copy of the one shown
        if (shown < 0) {
            shown = indexOf(current, runs, index);
        }
        return new Session(runs, links, compare, shown);
    }

    private static int indexOf(Trace t, List<Trace> runs, Map<Trace, Integer> index) {
        return index.computeIfAbsent(t, x -> {
            runs.add(x);
            return runs.size() - 1;
        });
    }

    /**
     * Rebuilds the branch tree of an opened session: every run that has a parent or a child, in file order.
     * Returns the tree node of each run (-1 for runs outside the tree).
     */
    public static int[] restoreTree(Session s, BranchTree tree) {
        tree.clear();
        int[] node = new int[s.runs().size()];
        java.util.Arrays.fill(node, -1);
        boolean[] inTree = new boolean[s.runs().size()];
        for (BranchLink b : s.branches()) {
            inTree[b.run()] = true;
            inTree[b.parent()] = true;
        }
        for (int r = 0; r < s.runs().size(); r++) {
            if (!inTree[r]) {
                continue;
            }
            BranchLink b = s.linkOf(r);
            node[r] = b == null ? tree.rootOrNode(s.runs().get(r))
                    : tree.addChild(node[b.parent()], s.runs().get(r), b.position(), b.tokenId(), b.tokenText());
        }
        return node;
    }
}
