package io.relayscope.eval;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Final-answer extraction and exact-match checking: our {@code Answer: N} line, {@code \boxed{N}} and GSM8K's {@code #### N}. */
public final class Answers {
    private static final Pattern OUR_LINE = Pattern.compile("(?i)(?:final\\s+)?answer\\s*(?::|is)\\s*([^\\n]*)");
    private static final Pattern GSM8K = Pattern.compile("####\\s*([^\\n]*)");
    private static final Pattern NUMBER = Pattern.compile("[-+]?\\d[\\d,]*(?:\\.\\d+)?(?:/\\d+)?|[-+]?\\.\\d+");

    private Answers() {
    }

    /**
     * The final answer written in a response, or null when it has none. The last {@code \boxed{...}} wins, then
     * the first {@code #### ...}, then the first {@code Answer: ...} (or "answer is ...") line: a model that runs on
     * past its answer into a made-up next question is judged on what it answered first.
     */
    public static String extract(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String boxed = lastBoxed(text);
        if (boxed != null) {
            return clean(boxed);
        }
        String hashes = first(GSM8K, text);
        if (hashes != null) {
            return clean(hashes);
        }
        String line = first(OUR_LINE, text);
        return line == null ? null : clean(line);
    }

    /** The reference answer of a dataset field: a GSM8K solution ending in {@code #### N}, a boxed one, or the value itself. */
    public static String reference(String field) {
        if (field == null) {
            return null;
        }
        if (field.contains("####") || field.contains("\\boxed")) {
            return extract(field);
        }
        String c = clean(field);
        return c == null || c.isEmpty() ? null : c;
    }

    /** Whether a predicted answer equals the reference (numbers compared by value, else normalised text). */
    public static boolean matches(String predicted, String reference) {
        if (predicted == null || reference == null) {
            return false;
        }
        BigDecimal p = number(predicted);
        BigDecimal r = number(reference);
        if (p != null && r != null) {
            return p.compareTo(r) == 0;
        }
        return normalize(predicted).equals(normalize(reference));
    }

    /** The value of an answer that is a plain number (commas, $, % and a trailing period allowed), else null. */
    static BigDecimal number(String s) {
        String t = s.strip().replace("$", "").replace("\\%", "").replace("%", "");
        t = t.replaceAll("^\\\\text\\{(.*)}$", "$1").strip();
        if (t.endsWith(".")) {
            t = t.substring(0, t.length() - 1);
        }
        if (!t.matches("[-+]?(\\d{1,3}(,\\d{3})+|\\d+)(\\.\\d+)?|[-+]?\\.\\d+")) {
            return null;
        }
        try {
            return new BigDecimal(t.replace(",", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String normalize(String s) {
        return s.replace("\\left", "").replace("\\right", "").replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac")
                .replace("$", "").replaceAll("\\s+", "").replaceAll("\\.$", "").toLowerCase(Locale.ROOT);
    }

    /** Trims an answer: for a line with text around a number (such as "60 shells."), the first number. */
    private static String clean(String raw) {
        String s = raw.strip();
        if (s.isEmpty()) {
            return null;
        }
        if (number(s) != null) {
            return s.endsWith(".") ? s.substring(0, s.length() - 1).strip() : s;
        }
        if (s.contains("\\") || s.contains("{")) {
            return s.endsWith(".") ? s.substring(0, s.length() - 1).strip() : s;
        }
        Matcher m = NUMBER.matcher(s);
        return m.find() ? m.group() : s;
    }

    private static String first(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    /** The content of the last {@code \boxed{...}} (balanced braces), or null. */
    static String lastBoxed(String text) {
        int at = text.lastIndexOf("\\boxed");
        while (at >= 0) {
            int open = text.indexOf('{', at);
            if (open >= 0 && text.substring(at + 6, open).isBlank()) {
                int depth = 0;
                for (int i = open; i < text.length(); i++) {
                    char c = text.charAt(i);
                    if (c == '{') {
                        depth++;
                    } else if (c == '}' && --depth == 0) {
                        return text.substring(open + 1, i);
                    }
                }
            }
            at = at == 0 ? -1 : text.lastIndexOf("\\boxed", at - 1);
        }
        return null;
    }
}
