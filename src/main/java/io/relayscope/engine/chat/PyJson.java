package io.relayscope.engine.chat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Python's json.dumps(x, ensure_ascii, indent, separators, sort_keys), byte for byte. */
final class PyJson {
    private final boolean ensureAscii;
    private final String indent;
    private final String itemSep;
    private final String keySep;
    private final boolean sortKeys;

    PyJson(boolean ensureAscii, Object indent, Object separators, boolean sortKeys) {
        this.ensureAscii = ensureAscii;
        if (indent == null) {
            this.indent = null;
        } else if (indent instanceof String s) {
            this.indent = s;
        } else {
            this.indent = " ".repeat(Math.max(0, PyValues.toIndex(indent)));
        }
        if (separators != null) {
            List<?> seps = PyValues.items(separators);
            itemSep = PyValues.str(seps.get(0));
            keySep = PyValues.str(seps.get(1));
        } else {
            itemSep = this.indent == null ? ", " : ",";
            keySep = ": ";
        }
        this.sortKeys = sortKeys;
    }

    String dumps(Object v) {
        StringBuilder sb = new StringBuilder();
        write(sb, v, 0);
        return sb.toString();
    }

    private void write(StringBuilder sb, Object v, int depth) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (v instanceof BigInteger i) {
            sb.append(i);
        } else if (v instanceof Double d) {
            sb.append(Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity") : PyValues.floatRepr(d));
        } else if (v instanceof String s) {
            string(sb, s);
        } else if (v instanceof List<?> || v instanceof PyValues.Tuple) {
            List<?> items = PyValues.items(v);
            if (items.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    sb.append(itemSep);
                }
                newline(sb, depth + 1);
                write(sb, items.get(i), depth + 1);
            }
            newline(sb, depth);
            sb.append(']');
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            List<Map.Entry<?, ?>> entries = new ArrayList<>(m.entrySet());
            if (sortKeys) {
                entries.sort((a, b) -> PyValues.compare(a.getKey(), b.getKey()));
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : entries) {
                if (!first) {
                    sb.append(itemSep);
                }
                first = false;
                newline(sb, depth + 1);
                string(sb, key(e.getKey()));
                sb.append(keySep);
                write(sb, e.getValue(), depth + 1);
            }
            newline(sb, depth);
            sb.append('}');
        } else if (v instanceof PyValues.Undefined u) {
            throw new TemplateError("Object of type Undefined is not JSON serializable");
        } else {
            throw new TemplateError("Object of type " + PyValues.typeName(v) + " is not JSON serializable");
        }
    }

    private static String key(Object k) {
        if (k instanceof String s) {
            return s;
        }
        if (k == null) {
            return "null";
        }
        if (k instanceof Boolean b) {
            return b ? "true" : "false";
        }
        if (k instanceof BigInteger || k instanceof Double) {
            return PyValues.repr(k);
        }
        throw new TemplateError("keys must be str, int, float, bool or None, not " + PyValues.typeName(k));
    }

    private void newline(StringBuilder sb, int depth) {
        if (indent != null) {
            sb.append('\n');
            sb.append(indent.repeat(depth));
        }
    }

    private void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || (ensureAscii && c > 0x7e)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
