package io.relayscope.app.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a token stream into display lines: a line ends after a token containing a newline, after the source
 * switches from prompt to response, or when it holds {@link #maxTokens} tokens; a line that grows past the width
 * breaks at the last word boundary (whitespace) when there is one, so a number written by both models stays whole.
 * Appending only touches the last line.
 */
public final class LineSplitter {
    public static final int DEFAULT_MAX_TOKENS = 96;
    /** Default display characters per line before a soft break. */
    public static final int MAX_CHARS = 80;
    private int lastChars;
    private int maxChars = MAX_CHARS;
    private final int maxTokens;
    private final ArrayList<TokenLine> lines = new ArrayList<>();
    /** First token after the last word boundary on the open line, and the display characters from it to the end. */
    private int breakAt;
    private int afterBreak;

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
        breakAt = 0;
        afterBreak = 0;
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
        boolean hard = last == null || last.closed() || last.length() >= maxTokens || startsResponse;
        if (hard || lastChars + width > maxChars) {
            if (!hard && !startsWithSpace(text) && breakAt > last.first() && breakAt < index && afterBreak + width <= maxChars) {
                // carry the unfinished word to the next line
                int from = breakAt;
                lines.set(lines.size() - 1, new TokenLine(last.number(), last.first(), from, true));
                lines.add(new TokenLine(lines.size(), from, index + 1, newline));
                lastChars = afterBreak + width;
                track(index, text, width);
                return true;
            }
            if (last != null && !last.closed()) {
                lines.set(lines.size() - 1, new TokenLine(last.number(), last.first(), last.end(), true));
            }
            lines.add(new TokenLine(lines.size(), index, index + 1, newline));
            lastChars = width;
            breakAt = index;
            afterBreak = 0;
            track(index, text, width);
            return true;
        }
        lines.set(lines.size() - 1, new TokenLine(last.number(), last.first(), index + 1, newline));
        lastChars += width;
        track(index, text, width);
        return false;
    }

    private void track(int index, String text, int width) {
        if (text.isEmpty()) {
            return;
        }
        if (startsWithSpace(text)) {
            breakAt = index;
            afterBreak = 0;
        }
        if (Character.isWhitespace(text.charAt(text.length() - 1))) {
            breakAt = index + 1;
            afterBreak = 0;
        } else {
            afterBreak += width;
        }
    }

    private static boolean startsWithSpace(String text) {
        return !text.isEmpty() && Character.isWhitespace(text.charAt(0));
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
