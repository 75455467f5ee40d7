package io.relayscope.trace;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Several runs kept together in one file: the traces, the branch tree over them ({@link BranchLink}s, every run
 * without one is a root), the compare set (indices of the runs shown side by side, in lane order) and the run on
 * screen. A plain trace file is a session of one run.
 */
public record Session(List<Trace> runs, List<BranchLink> branches, List<Integer> compare, int shown) {

    /** The most runs (and branch links, and compare entries) a session file may hold. */
    public static final int MAX_RUNS = 1000;

    /** The format version of a file with a "session" part (a plain trace is still written as {@link Trace#FORMAT_VERSION}). */
    public static final String FORMAT_VERSION = "1.2";

    public Session {
        runs = List.copyOf(runs);
        branches = List.copyOf(branches);
        compare = List.copyOf(compare);
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a session holds at least one run");
        }
    }

    /** A single trace as a session. */
    public static Session of(Trace trace) {
        return new Session(List.of(trace), List.of(), List.of(), 0);
    }

    /** True when the session is just one trace with no relations (it is then written as a plain trace file). */
    public boolean isSingle() {
        return runs.size() == 1 && branches.isEmpty() && compare.isEmpty();
    }

    /** The run's link to its parent, or null for a root. */
    public BranchLink linkOf(int run) {
        for (BranchLink b : branches) {
            if (b.run() == run) {
                return b;
            }
        }
        return null;
    }

    /** Why the relations do not fit the runs (one line naming the field), or null when they do. */
    public String problem() {
        int n = runs.size();
        if (shown < 0 || shown >= n) {
            return "'session.shown' is " + shown + ", not a run of the file (0 to " + (n - 1) + ")";
        }
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < compare.size(); i++) {
            int r = compare.get(i);
            if (r < 0 || r >= n || !seen.add(r)) {
                return "'session.compare[" + i + "]' is " + r + ", " + (r < 0 || r >= n ? "not a run of the file (0 to " + (n - 1) + ")"
                        : "a run already in the compare set");
            }
        }
        Set<Integer> children = new HashSet<>();
        for (int i = 0; i < branches.size(); i++) {
            BranchLink b = branches.get(i);
            String at = "'session.branches[" + i + "]' ";
            if (b.run() <= 0 || b.run() >= n || b.parent() < 0 || b.parent() >= b.run()) {
                return at + "links run " + b.run() + " to parent " + b.parent() + "; a branch is a later run of the file "
                        + "than its parent (runs 0 to " + (n - 1) + ")";
            }
            if (!children.add(b.run())) {
                return at + "gives run " + b.run() + " a second parent";
            }
            String fit = fits(b);
            if (fit != null) {
                return at + fit;
            }
        }
        return null;
    }

    /** Whether the branch's position is a response token of both runs, the child's token there the forced one. */
    private String fits(BranchLink b) {
        Trace parent = runs.get(b.parent());
        Trace child = runs.get(b.run());
        int prompt = (int) parent.tokens().stream().takeWhile(t -> t.source() == Source.PROMPT).count();
        if (b.position() < prompt || b.position() >= parent.tokens().size() || b.position() >= child.tokens().size()) {
            return "has position " + b.position() + ", not a response token of run " + b.parent() + " and run " + b.run();
        }
        if (child.tokens().get(b.position()).id() != b.tokenId()) {
            return "says token " + b.tokenId() + " was forced at " + b.position() + " but run " + b.run() + " has token "
                    + child.tokens().get(b.position()).id() + " there";
        }
        return null;
    }

    /** The run indices, each parent before its children (children in file order). */
    public List<Integer> treeOrder() {
        List<Integer> out = new ArrayList<>(runs.size());
        for (int r = 0; r < runs.size(); r++) {
            if (linkOf(r) == null) {
                visit(r, out);
            }
        }
        return out;
    }

    private void visit(int run, List<Integer> out) {
        out.add(run);
        for (BranchLink b : branches) {
            if (b.parent() == run) {
                visit(b.run(), out);
            }
        }
    }

    /** How many branch links lie between the run and its root. */
    public int depth(int run) {
        int d = 0;
        for (BranchLink b = linkOf(run); b != null; b = linkOf(b.parent())) {
            d++;
        }
        return d;
    }
}
