package io.relayscope.serve;

import java.util.List;

/** Where the first stop string occurs in a text, and how much of a text is safe to send before one might start. */
record StopMatch(int start, int end, String stop) {

    static StopMatch find(String text, List<String> stops) {
        StopMatch best = null;
        for (String s : stops) {
            int at = text.indexOf(s);
            if (at >= 0 && (best == null || at < best.start)) {
                best = new StopMatch(at, at + s.length(), s);
            }
        }
        return best;
    }

    /**
     * The length of the text that can be sent now: without a trailing replacement character (an incomplete UTF-8
     * character) and without a suffix that is the beginning of a stop string.
     */
    static int safeLength(String text, List<String> stops) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '\uFFFD') {
            end--;
        }
        int keep = end;
        for (String s : stops) {
            for (int len = Math.min(s.length() - 1, end); len > 0; len--) {
                if (text.startsWith(s.substring(0, len), end - len)) {
                    keep = Math.min(keep, end - len);
                    break;
                }
            }
        }
        return keep;
    }
}
