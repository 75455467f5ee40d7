package io.relayscope.app.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a token stream into display lines: a line ends after a token containing a newline, after the source
 * switches from prompt to response, or when it holds {@link #maxTokens} tokens. Appending only touches the last line.
 */
public final class LineSplitter {
    public static final int DEFAULT_MAX_TOKENS = 96;
    /** Default display characters per line before a soft break. */
    public static final int MAX_CHARS = 80;
    private int lastChars;
    private int maxChars = MAX_CHARS;
    private final int maxTokens;
    private final ArrayList<TokenLine> lines = new ArrayList<>();

    public LineSplitter() {
        this(DEFAULT_MAX_TOKENS);
    }

    public LineSplitter(int maxTokens) {
        this.maxTokens = maxTokens;
    }

    /** Sets the soft line width in display characters (takes effect for lines started afterwards). */
    public void setMaxChars(int chars) {
        maxChars = Math.max(8, chars);
    }

    public int maxChars() {
        return maxChars;
    }

    public void clear() {
        lines.clear();
        lastChars = 0;
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
        return append(index, text, text.length(), startsResponse);
    }

    /** Like {@link #append(int, String, boolean)} with the token's display width in characters given. */
    public boolean append(int index, String text, int width, boolean startsResponse) {
        boolean newline = text.indexOf('\n') >= 0;
        TokenLine last = lines.isEmpty() ? null : lines.get(lines.size() - 1);
        int chars = width;
        if (last == null || last.closed() || last.length() >= maxTokens || startsResponse || lastChars + chars > maxChars) {
            if (last != null && !last.closed()) {
                lines.set(lines.size() - 1, new TokenLine(last.number(), last.first(), last.end(), true));
            }
            lines.add(new TokenLine(lines.size(), index, index + 1, newline));
            lastChars = chars;
            return true;
        }
        lines.set(lines.size() - 1, new TokenLine(last.number(), last.first(), index + 1, newline));
        lastChars += chars;
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
