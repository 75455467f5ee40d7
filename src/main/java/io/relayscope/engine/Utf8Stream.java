package io.relayscope.engine;

import java.nio.charset.StandardCharsets;

/**
 * Turns a stream of token bytes into text, holding back incomplete UTF-8 sequences so that a character split
 * over several tokens appears whole, with the token that completes it.
 */
final class Utf8Stream {
    private final byte[] pending = new byte[8];
    private int count;

    /** The text these bytes complete (may be empty while a character is split). */
    String push(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            if (count == pending.length) {
                flushInto(out);
            }
            pending[count++] = b;
            int need = expected(pending[0]);
            if (need <= 0 || count >= need) {
                flushInto(out);
            }
        }
        return out.toString();
    }

    private static int expected(byte lead) {
        int b = lead & 0xFF;
        if (b < 0x80) {
            return 1;
        }
        if (b >= 0xF0 && b < 0xF8) {
            return 4;
        }
        if (b >= 0xE0) {
            return b < 0xF0 ? 3 : 0;
        }
        if (b >= 0xC0) {
            return 2;
        }
        return 0;
    }

    private void flushInto(StringBuilder out) {
        out.append(new String(pending, 0, count, StandardCharsets.UTF_8));
        count = 0;
    }
}
