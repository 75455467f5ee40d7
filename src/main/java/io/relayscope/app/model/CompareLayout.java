package io.relayscope.app.model;

import io.relayscope.trace.RunAlignment;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Runs side by side, one lane each, aligned by response position: position i of every lane starts at the same
 * column (in characters of a fixed-width font), as wide as the widest token any lane has there. Newlines and tabs
 * show as one glyph each, so every lane stays one line.
 */
public final class CompareLayout {
    private final List<List<TokenRecord>> responses;
    private final int[] starts;
    private final Optional<Integer> divergence;

    public CompareLayout(List<Trace> runs) {
        responses = runs.stream().map(RunAlignment::response).toList();
        int positions = responses.stream().mapToInt(List::size).max().orElse(0);
        starts = new int[positions + 1];
        for (int i = 0; i < positions; i++) {
            int width = 1;
            for (List<TokenRecord> r : responses) {
                if (i < r.size()) {
                    width = Math.max(width, shown(r.get(i)).length());
                }
            }
            starts[i + 1] = starts[i] + width;
        }
        divergence = RunAlignment.firstDivergence(runs);
    }

    /** What a token shows in a lane: its text with newline, carriage return and tab as single glyphs. */
    public static String shown(TokenRecord t) {
        return t.text().replace("\r\n", "\u23ce").replace('\n', '\u23ce').replace('\r', '\u23ce').replace('\t', '\u21e5');
    }

    public int lanes() {
        return responses.size();
    }

    /** The response positions of the longest lane. */
    public int positions() {
        return starts.length - 1;
    }

    /** The lane's response tokens. */
    public List<TokenRecord> response(int lane) {
        return responses.get(lane);
    }

    /** The lane's token at a response position, or null where the lane has already ended. */
    public TokenRecord token(int lane, int position) {
        List<TokenRecord> r = responses.get(lane);
        return position >= 0 && position < r.size() ? r.get(position) : null;
    }

    /** The column (characters) where a position starts; {@code positions()} gives the total width. */
    public int start(int position) {
        return starts[position];
    }

    public int width(int position) {
        return starts[position + 1] - starts[position];
    }

    public int totalColumns() {
        return starts[starts.length - 1];
    }

    /** The position under a column (characters from the left), or -1 outside every position. */
    public int positionAt(double column) {
        if (column < 0 || column >= totalColumns()) {
            return -1;
        }
        int i = Arrays.binarySearch(starts, (int) Math.floor(column));
        return i >= 0 ? i : -i - 2;
    }

    /** The first response position where the runs part (a token differs, or one has ended), if any. */
    public Optional<Integer> divergence() {
        return divergence;
    }
}
