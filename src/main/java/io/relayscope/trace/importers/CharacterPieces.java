package io.relayscope.trace.importers;

import java.util.ArrayList;
import java.util.List;

/**
 * The fallback tokenizer when no real one is at hand: one piece per character (Unicode code point), so each
 * piece's bytes are exactly that character's UTF-8 byte sequence.
 */
public final class CharacterPieces {

    private CharacterPieces() {
    }

    /** Splits text into one piece per code point; the pieces concatenate back to the text. */
    public static List<String> split(String text) {
        List<String> pieces = new ArrayList<>(text.length());
        int i = 0;
        while (i < text.length()) {
            int next = i + Character.charCount(text.codePointAt(i));
            pieces.add(text.substring(i, next));
            i = next;
        }
        return pieces;
    }
}
