package io.relayscope.cli;

import io.relayscope.eval.Answers;
import io.relayscope.eval.Evaluator;
import io.relayscope.trace.BranchLink;
import io.relayscope.trace.Session;
import io.relayscope.trace.Trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What {@code inspect} prints about a session's runs: the compare set and the branch tree, one run per line. */
final class SessionLines {
    private SessionLines() {
    }

    static List<String> describe(Session s) {
        List<String> lines = new ArrayList<>();
        if (s.isSingle()) {
            lines.add("  branches: none (a single run)");
            return lines;
        }
        lines.add(String.format(Locale.ROOT, "session: %d runs, %d branches, run %d shown", s.runs().size(),
                s.branches().size(), s.shown()));
        if (!s.compare().isEmpty()) {
            lines.add("  compare set: " + String.join(", ", s.compare().stream().map(r -> "run " + r + " (" + policy(s.runs().get(r)) + ")").toList()));
        }
        lines.add("  branch tree:");
        for (int r : s.treeOrder()) {
            BranchLink b = s.linkOf(r);
            String head = b == null ? "run " + r : "\u21b3 run " + r + " at #" + b.position() + " " + quote(b.tokenText());
            lines.add("    " + "  ".repeat(s.depth(r)) + head + ": " + run(s.runs().get(r)));
        }
        return lines;
    }

    /** "model-command, answer 7, 27 response tokens, 1 call". */
    static String run(Trace t) {
        String answer = Answers.extract(Evaluator.answerText(t));
        int response = t.tokens().size() - t.summary().promptTokens();
        return String.format(Locale.ROOT, "%s, answer %s, %d response tokens, %d call%s", policy(t),
                answer == null ? "-" : answer, response, t.calls().size(), t.calls().size() == 1 ? "" : "s");
    }

    static String policy(Trace t) {
        return t.header().policy() == null || t.header().policy().name() == null ? "no policy" : t.header().policy().name();
    }

    private static String quote(String text) {
        return "\"" + text.replace("\n", "\\n") + "\"";
    }
}
