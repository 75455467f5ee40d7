package io.relayscope.engine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The SLM's call command {@code <call>n</call>}, parsed as the reference does: {@code <call>\s*(\d+)\s*</call>}. */
public final class CallCommand {
    public static final Pattern COMMAND = Pattern.compile("<call>\\s*(\\d+)\\s*</call>");
    private static final Pattern PARTIAL = Pattern.compile("<call>\\s*\\d*\\s*(<(/(c(a(l(l)?)?)?)?)?)?");
    private static final String OPEN = "<call>";
    /** The closing tag: a remote SLM stops its request after it (kept), as the reference does. */
    public static final String CLOSE = "</call>";

    private CallCommand() {
    }

    /** Replaces every command by one space, as the reference does before the LLM sees the text. */
    public static String strip(String text) {
        return COMMAND.matcher(text).replaceAll(" ");
    }

    /** The first complete command in the text, or null. */
    public static Matcher find(String text) {
        Matcher m = COMMAND.matcher(text);
        return m.find() ? m : null;
    }

    /** The requested token count of a matched command (saturating at Integer.MAX_VALUE). */
    public static int tokens(Matcher m) {
        String digits = m.group(1);
        return digits.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(digits);
    }

    /** Where a command may be starting at the end of the text (a prefix of one), or -1. */
    public static int partialStart(String text) {
        for (int i = Math.max(0, text.length() - 40); i < text.length(); i++) {
            if (text.charAt(i) != '<') {
                continue;
            }
            String tail = text.substring(i);
            if (tail.length() <= OPEN.length() ? OPEN.startsWith(tail) : PARTIAL.matcher(tail).matches()) {
                return i;
            }
        }
        return -1;
    }
}
