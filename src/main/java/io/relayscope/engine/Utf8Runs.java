package io.relayscope.engine;

/** Where UTF-8 is valid in a byte array: the length of the well-formed character at an offset, or 0. */
final class Utf8Runs {
    private Utf8Runs() {
    }

    /** The byte length of the valid UTF-8 character starting at {@code i} (RFC 3629: no overlong forms, no surrogates), or 0. */
    static int validAt(byte[] b, int i) {
        int lead = b[i] & 0xFF;
        if (lead < 0x80) {
            return 1;
        }
        int need;
        int min;
        if (lead >= 0xC2 && lead <= 0xDF) {
            need = 2;
            min = 0x80;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            need = 3;
            min = 0x800;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            need = 4;
            min = 0x10000;
        } else {
            return 0;
        }
        if (i + need > b.length) {
            return 0;
        }
        int cp = lead & (0xFF >> (need + 1));
        for (int k = 1; k < need; k++) {
            int c = b[i + k] & 0xFF;
            if ((c & 0xC0) != 0x80) {
                return 0;
            }
            cp = (cp << 6) | (c & 0x3F);
        }
        boolean surrogate = cp >= 0xD800 && cp <= 0xDFFF;
        return cp < min || cp > 0x10FFFF || surrogate ? 0 : need;
    }
}
