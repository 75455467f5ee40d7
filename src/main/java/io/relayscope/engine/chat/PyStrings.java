package io.relayscope.engine.chat;

import java.util.ArrayList;
import java.util.List;

/** Python's str operations where Java's differ: whitespace, strip with characters, split, title, padding. */
final class PyStrings {
    private PyStrings() {
    }

    /** Python's str.isspace for one code point. */
    static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85 || (cp >= 0x1c && cp <= 0x1f);
    }

    static String strip(String s, String chars, boolean left, boolean right) {
        int[] cps = PyValues.codePoints(s);
        int a = 0;
        int b = cps.length;
        while (left && a < b && stripped(cps[a], chars)) {
            a++;
        }
        while (right && b > a && stripped(cps[b - 1], chars)) {
            b--;
        }
        return PyValues.fromCodePoints(cps, a, b);
    }

    private static boolean stripped(int cp, String chars) {
        return chars == null ? isSpace(cp) : chars.codePoints().anyMatch(c -> c == cp);
    }

    static List<Object> split(String s, String sep, int maxsplit) {
        List<Object> out = new ArrayList<>();
        if (sep == null) {
            int[] cps = PyValues.codePoints(s);
            int i = 0;
            while (true) {
                while (i < cps.length && isSpace(cps[i])) {
                    i++;
                }
                if (i >= cps.length) {
                    break;
                }
                if (maxsplit >= 0 && out.size() == maxsplit) {
                    int end = cps.length;
                    while (end > i && isSpace(cps[end - 1])) {
                        end--;
                    }
                    out.add(PyValues.fromCodePoints(cps, i, end));
                    break;
                }
                int j = i;
                while (j < cps.length && !isSpace(cps[j])) {
                    j++;
                }
                out.add(PyValues.fromCodePoints(cps, i, j));
                i = j;
            }
            return out;
        }
        if (sep.isEmpty()) {
            throw new TemplateError("empty separator");
        }
        int from = 0;
        while (maxsplit < 0 || out.size() < maxsplit) {
            int at = s.indexOf(sep, from);
            if (at < 0) {
                break;
            }
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    static List<Object> rsplit(String s, String sep, int maxsplit) {
        if (sep == null || maxsplit < 0) {
            return split(s, sep, maxsplit);
        }
        List<Object> out = new ArrayList<>();
        int to = s.length();
        while (out.size() < maxsplit) {
            int at = s.lastIndexOf(sep, to - sep.length());
            if (at < 0) {
                break;
            }
            out.add(0, s.substring(at + sep.length(), to));
            to = at;
        }
        out.add(0, s.substring(0, to));
        return out;
    }

    /** Python's str.title: a letter after a non-letter is upper-cased, others lower-cased. */
    static String title(String s) {
        StringBuilder sb = new StringBuilder();
        boolean prevCased = false;
        for (int cp : PyValues.codePoints(s)) {
            boolean cased = Character.isLetter(cp);
            sb.appendCodePoint(cased ? (prevCased ? Character.toLowerCase(cp) : Character.toTitleCase(cp)) : cp);
            prevCased = cased;
        }
        return sb.toString();
    }

    static String capitalize(String s) {
        if (s.isEmpty()) {
            return s;
        }
        int first = s.codePointAt(0);
        return new StringBuilder().appendCodePoint(Character.toTitleCase(first))
                .append(s.substring(Character.charCount(first)).toLowerCase(java.util.Locale.ROOT)).toString();
    }

    static String swapcase(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> sb.appendCodePoint(Character.isUpperCase(cp) ? Character.toLowerCase(cp)
                : Character.isLowerCase(cp) ? Character.toUpperCase(cp) : cp));
        return sb.toString();
    }

    static String replace(String s, String old, String neu, int count) {
        if (count < 0) {
            return s.replace(old, neu);
        }
        StringBuilder sb = new StringBuilder();
        int from = 0;
        for (int n = 0; n < count; n++) {
            int at = s.indexOf(old, from);
            if (at < 0) {
                break;
            }
            sb.append(s, from, at).append(neu);
            from = at + old.length();
            if (old.isEmpty()) {
                if (from < s.length()) {
                    sb.append(s.charAt(from));
                }
                from++;
            }
        }
        if (from <= s.length()) {
            sb.append(s.substring(Math.min(from, s.length())));
        }
        return sb.toString();
    }

    static int cpIndex(String s, int charIndex) {
        return charIndex < 0 ? -1 : s.codePointCount(0, charIndex);
    }

    static int count(String s, String sub) {
        if (sub.isEmpty()) {
            return s.codePointCount(0, s.length()) + 1;
        }
        int n = 0;
        for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) {
            n++;
        }
        return n;
    }

    /** mode 0: ljust, 1: center (Python's rounding), 2: rjust. */
    static String pad(String s, int width, int mode, String fill) {
        int len = s.codePointCount(0, s.length());
        int total = width - len;
        if (total <= 0) {
            return s;
        }
        int left = mode == 0 ? 0 : mode == 2 ? total : total / 2 + (total & width & 1);
        return fill.repeat(left) + s + fill.repeat(total - left);
    }

    static boolean cased(String s, boolean lower) {
        boolean any = false;
        for (int cp : PyValues.codePoints(s)) {
            if (lower ? Character.isUpperCase(cp) || Character.isTitleCase(cp) : Character.isLowerCase(cp) || Character.isTitleCase(cp)) {
                return false;
            }
            any |= lower ? Character.isLowerCase(cp) : Character.isUpperCase(cp);
        }
        return any;
    }
}
