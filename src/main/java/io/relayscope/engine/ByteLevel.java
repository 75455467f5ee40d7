package io.relayscope.engine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** GPT-2's byte-to-unicode mapping (byte-level BPE) and SentencePiece's byte-fallback pieces, reversed to bytes. */
final class ByteLevel {
    private static final int[] UNICODE_TO_BYTE = new int[512];

    static {
        java.util.Arrays.fill(UNICODE_TO_BYTE, -1);
        int n = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            int cp = printable ? b : 256 + n++;
            UNICODE_TO_BYTE[cp] = b;
        }
    }

    private ByteLevel() {
    }

    static byte[] pieceBytes(String piece, boolean byteLevel) {
        if (byteLevel) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(piece.length());
            for (int i = 0; i < piece.length(); i++) {
                char c = piece.charAt(i);
                int b = c < UNICODE_TO_BYTE.length ? UNICODE_TO_BYTE[c] : -1;
                if (b < 0) {
                    return piece.getBytes(StandardCharsets.UTF_8);
                }
                out.write(b);
            }
            return out.toByteArray();
        }
        if (piece.length() == 6 && piece.startsWith("<0x") && piece.endsWith(">")) {
            try {
                return new byte[] {(byte) Integer.parseInt(piece.substring(3, 5), 16)};
            } catch (NumberFormatException ignored) {
                // not a byte-fallback piece
            }
        }
        return piece.replace('\u2581', ' ').getBytes(StandardCharsets.UTF_8);
    }
}
