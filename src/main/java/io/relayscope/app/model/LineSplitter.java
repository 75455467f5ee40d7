package io.relayscope.app.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a token stream into display lines: a line ends after a token containing a newline, after the source
 * switches from prompt to response, or when it holds {@link #maxTokens} tokens. Appending only touches the last line.
 */
public final class LineSplitter {
    public static final int DEFAULT_MAX_TOKENS = 96;
    private final int maxTokens;
    private final ArrayList<TokenLine> lines = new ArrayList<>();

    public LineSplitter() {
        this(DEFAULT_MAX_TOKENS);
    }

    public LineSplitter(int maxTokens) {
        this.maxTokens = maxTokens;
    }

    public void clear() {
        lines.clear();
    }

    public List<TokenLine> lines() {
        return lines;
    }

    /** Token count covered by the lines so far. */
    public int end() {
        return lines.isEmpty() ? 0 : lines.get(lines.size() - 1).end();
    }

    /**
     * Appends token {@code index} (which must equal {@link #end()}); returns true when a new line was started,
     * false when the last line was replaced by a longer one.
     */
    public boolean append(int index, String text, boolean startsResponse) {
        boolean newline = text.indexOf('\n') >= 0;
        TokenLine last = lines.isEmpty() ? null : lines.get(lines.size() - 1);
        if (last == null || last.closed() || last.length() >= maxTokens || startsResponse) {
            if (last != null && !last.closed()) {
                lines.set(lines.size() - 1, new TokenLine(last.number(), last.first(), last.end(), true));
            }
            lines.add(new TokenLine(lines.size(), index, index + 1, newline));
            return true;
        }
        lines.set(lines.size() - 1, new TokenLine(last.number(), last.first(), index + 1, newline));
        return false;
    }

    /** The line holding a token, by binary search; -1 when none. */
    public int lineOf(int tokenIndex) {
        return lineOf(lines, tokenIndex);
    }

    public static int lineOf(List<TokenLine> lines, int tokenIndex) {
        int lo = 0;
        int hi = lines.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            TokenLine l = lines.get(mid);
            if (tokenIndex < l.first()) {
                hi = mid - 1;
            } else if (tokenIndex >= l.end()) {
                lo = mid + 1;
            } else {
                return mid;
            }
        }
        return -1;
    }
}
