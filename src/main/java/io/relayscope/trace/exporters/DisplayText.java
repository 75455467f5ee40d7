package io.relayscope.trace.exporters;

import io.relayscope.trace.TokenRecord;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * What each token shows on screen, decoded from the tokens' bytes in sequence: a character split over several
 * tokens appears whole on the token that completes it (instead of one U+FFFD per piece). Tokens without bytes show
 * their text.
 */
final class DisplayText {

    private DisplayText() {
    }

    static String[] of(List<TokenRecord> tokens) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        String[] shown = new String[tokens.size()];
        byte[] pending = new byte[0];
        int last = -1;
        for (int i = 0; i < shown.length; i++) {
            TokenRecord t = tokens.get(i);
            byte[] bytes = t.bytes();
            if (bytes.length == 0) {
                shown[i] = t.text();
                continue;
            }
            byte[] all = Arrays.copyOf(pending, pending.length + bytes.length);
            System.arraycopy(bytes, 0, all, pending.length, bytes.length);
            ByteBuffer in = ByteBuffer.wrap(all);
            CharBuffer out = CharBuffer.allocate(all.length + 1);
            decoder.decode(in, out, false);
            shown[i] = out.flip().toString();
            pending = Arrays.copyOfRange(all, in.position(), all.length);
            last = i;
        }
        if (pending.length > 0) {
            CharBuffer out = CharBuffer.allocate(pending.length + 1);
            decoder.decode(ByteBuffer.wrap(pending), out, true);
            decoder.flush(out);
            shown[last] = shown[last] + out.flip();
        }
        return shown;
    }
}
