package io.relayscope.engine.chat;

import java.util.List;
import java.util.Map;

/** Python's printf-style {@code "%s" % x} and {@code str.format} for the simple forms templates use. */
final class PyFormat {
    private PyFormat() {
    }

    static String percent(String fmt, Object args) {
        List<?> values = args instanceof PyValues.Tuple t ? t.items() : List.of(args == null ? PyNone.NONE : args);
        StringBuilder sb = new StringBuilder();
        int next = 0;
        for (int i = 0; i < fmt.length(); i++) {
            char c = fmt.charAt(i);
            if (c != '%') {
                sb.append(c);
                continue;
            }
            if (++i >= fmt.length()) {
                throw new TemplateError("incomplete format");
            }
            char conv = fmt.charAt(i);
            if (conv == '%') {
                sb.append('%');
                continue;
            }
            if (next >= values.size()) {
                throw new TemplateError("not enough arguments for format string");
            }
            Object v = values.get(next++);
            v = v == PyNone.NONE ? null : v;
            switch (conv) {
                case 's' -> sb.append(PyValues.str(v));
                case 'r' -> sb.append(PyValues.repr(v));
                case 'd', 'i' -> sb.append(PyValues.isInt(v) ? PyValues.toBigInt(v).toString()
                        : String.valueOf((long) PyValues.toDouble(v)));
                case 'f' -> sb.append(String.format(java.util.Locale.ROOT, "%.6f", PyValues.toDouble(v)));
                default -> throw new TemplateError("unsupported format character '" + conv + "'");
            }
        }
        if (next < values.size()) {
            throw new TemplateError("not all arguments converted during string formatting");
        }
        return sb.toString();
    }

    static String format(String fmt, List<Object> args, Map<String, Object> kwargs) {
        StringBuilder sb = new StringBuilder();
        int auto = 0;
        for (int i = 0; i < fmt.length(); i++) {
            char c = fmt.charAt(i);
            if (c == '{' && i + 1 < fmt.length() && fmt.charAt(i + 1) == '{') {
                sb.append('{');
                i++;
            } else if (c == '}' && i + 1 < fmt.length() && fmt.charAt(i + 1) == '}') {
                sb.append('}');
                i++;
            } else if (c == '{') {
                int end = fmt.indexOf('}', i);
                if (end < 0) {
                    throw new TemplateError("Single '{' encountered in format string");
                }
                String field = fmt.substring(i + 1, end);
                Object v;
                if (field.isEmpty()) {
                    v = args.get(auto++);
                } else if (field.chars().allMatch(Character::isDigit)) {
                    v = args.get(Integer.parseInt(field));
                } else if (kwargs.containsKey(field)) {
                    v = kwargs.get(field);
                } else {
                    throw new TemplateError("unsupported format field '{" + field + "}'");
                }
                sb.append(PyValues.str(v));
                i = end;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Stands for None inside an immutable list. */
    enum PyNone { NONE }
}
