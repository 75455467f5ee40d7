package io.relayscope.engine.chat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Python's value semantics as Jinja2 sees them. Values are String, BigInteger (int), Double (float), Boolean,
 * null (None), List (list), {@link Tuple}, Map (dict, insertion-ordered), {@link Undefined}, {@link Namespace},
 * {@link PyCallable}.
 */
final class PyValues {
    private PyValues() {
    }

    /** A Python tuple. */
    record Tuple(List<Object> items) {
    }

    /** Jinja2's default Undefined: prints as nothing, is false, iterates as empty; most other uses fail. */
    record Undefined(String hint) {
        TemplateError error() {
            return new TemplateError(hint);
        }
    }

    /** Jinja2's namespace(): the one object whose attributes a template may assign. */
    static final class Namespace {
        final Map<String, Object> attrs = new LinkedHashMap<>();
    }

    /** Something a template can call: a global, a macro, a bound method. */
    @FunctionalInterface
    interface PyCallable {
        Object call(List<Object> args, Map<String, Object> kwargs);
    }

    /** Converts Jackson-style Java values (Integer, Long, Float, arrays...) into Python values. */
    static Object fromJava(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof BigInteger || v instanceof Double
                || v instanceof Tuple || v instanceof Undefined || v instanceof Namespace || v instanceof PyCallable) {
            return v;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return BigInteger.valueOf(((Number) v).longValue());
        }
        if (v instanceof Float || v instanceof BigDecimal) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(fromJava(k), fromJava(val)));
            return out;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            c.forEach(x -> out.add(fromJava(x)));
            return out;
        }
        if (v instanceof Character c) {
            return c.toString();
        }
        throw new TemplateError("cannot pass a " + v.getClass().getSimpleName() + " to a template");
    }

    static String typeName(Object v) {
        if (v == null) {
            return "NoneType";
        }
        if (v instanceof String) {
            return "str";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof BigInteger) {
            return "int";
        }
        if (v instanceof Double) {
            return "float";
        }
        if (v instanceof List) {
            return "list";
        }
        if (v instanceof Tuple) {
            return "tuple";
        }
        if (v instanceof Map) {
            return "dict";
        }
        if (v instanceof Namespace) {
            return "Namespace";
        }
        if (v instanceof Undefined) {
            return "Undefined";
        }
        return "function";
    }

    static boolean truthy(Object v) {
        if (v == null || v instanceof Undefined) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof BigInteger i) {
            return i.signum() != 0;
        }
        if (v instanceof Double d) {
            return d != 0.0;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof List<?> l) {
            return !l.isEmpty();
        }
        if (v instanceof Tuple t) {
            return !t.items().isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    /** Python's str(). */
    static String str(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Undefined) {
            return "";
        }
        return repr(v);
    }

    /** Python's repr(). */
    static String repr(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof BigInteger i) {
            return i.toString();
        }
        if (v instanceof Double d) {
            return floatRepr(d);
        }
        if (v instanceof String s) {
            return stringRepr(s);
        }
        if (v instanceof List<?> l) {
            return join("[", l, "]");
        }
        if (v instanceof Tuple t) {
            return t.items().size() == 1 ? "(" + repr(t.items().get(0)) + ",)" : join("(", t.items(), ")");
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                sb.append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
            }
            return sb.append('}').toString();
        }
        if (v instanceof Undefined) {
            return "Undefined";
        }
        if (v instanceof Namespace n) {
            return "<Namespace " + repr(n.attrs) + ">";
        }
        return "<function>";
    }

    private static String join(String open, List<?> items, String close) {
        StringBuilder sb = new StringBuilder(open);
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(repr(items.get(i)));
        }
        return sb.append(close).toString();
    }

    static String stringRepr(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder().append(quote);
        s.codePoints().forEach(cp -> {
            if (cp == quote || cp == '\\') {
                sb.append('\\').appendCodePoint(cp);
            } else if (cp == '\n') {
                sb.append("\\n");
            } else if (cp == '\r') {
                sb.append("\\r");
            } else if (cp == '\t') {
                sb.append("\\t");
            } else if (!printable(cp)) {
                sb.append(cp <= 0xff ? String.format("\\x%02x", cp)
                        : cp <= 0xffff ? String.format("\\u%04x", cp) : String.format("\\U%08x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.append(quote).toString();
    }

    /** Python's str.isprintable for one code point: not Cc/Cf/Cs/Co/Cn/Zl/Zp/Zs, except the ASCII space. */
    private static boolean printable(int cp) {
        if (cp == ' ') {
            return true;
        }
        switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR -> {
                return false;
            }
            default -> {
                return true;
            }
        }
    }

    /** Python's repr of a float: shortest digits, fixed notation for exponents -4..15, else d.ddde+XX. */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = bd.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - bd.scale();
        String sign = d < 0 ? "-" : "";
        if (exp >= -4 && exp < 16) {
            String plain = bd.abs().toPlainString();
            return sign + (plain.indexOf('.') < 0 ? plain + ".0" : plain);
        }
        String mantissa = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    static boolean isNumber(Object v) {
        return v instanceof BigInteger || v instanceof Double || v instanceof Boolean;
    }

    static boolean isInt(Object v) {
        return v instanceof BigInteger || v instanceof Boolean;
    }

    static BigInteger toBigInt(Object v) {
        if (v instanceof Boolean b) {
            return b ? BigInteger.ONE : BigInteger.ZERO;
        }
        return (BigInteger) v;
    }

    static double toDouble(Object v) {
        return v instanceof Double d ? d : toBigInt(v).doubleValue();
    }

    static int toIndex(Object v) {
        if (!isInt(v)) {
            throw new TemplateError("indices must be integers, not " + typeName(v));
        }
        return toBigInt(v).intValueExact();
    }

    static boolean equal(Object a, Object b) {
        if (a instanceof Undefined || b instanceof Undefined) {
            return a instanceof Undefined && b instanceof Undefined;
        }
        if (isNumber(a) && isNumber(b)) {
            if (isInt(a) && isInt(b)) {
                return toBigInt(a).equals(toBigInt(b));
            }
            return toDouble(a) == toDouble(b);
        }
        if (a instanceof List<?> l1 && b instanceof List<?> l2) {
            return listsEqual(l1, l2);
        }
        if (a instanceof Tuple t1 && b instanceof Tuple t2) {
            return listsEqual(t1.items(), t2.items());
        }
        if (a instanceof Map<?, ?> m1 && b instanceof Map<?, ?> m2) {
            if (m1.size() != m2.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : m1.entrySet()) {
                if (!m2.containsKey(e.getKey()) || !equal(e.getValue(), m2.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    private static boolean listsEqual(List<?> a, List<?> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!equal(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Python's ordering for &lt; &gt; and sort; a TypeError for unorderable pairs. */
    static int compare(Object a, Object b) {
        if (isNumber(a) && isNumber(b)) {
            if (isInt(a) && isInt(b)) {
                return toBigInt(a).compareTo(toBigInt(b));
            }
            return Double.compare(toDouble(a), toDouble(b));
        }
        if (a instanceof String s1 && b instanceof String s2) {
            return compareCodePoints(s1, s2);
        }
        if (a instanceof List<?> || a instanceof Tuple) {
            List<?> l1 = items(a);
            if (b instanceof List<?> == a instanceof List<?> && (b instanceof List<?> || b instanceof Tuple)) {
                List<?> l2 = items(b);
                for (int i = 0; i < Math.min(l1.size(), l2.size()); i++) {
                    if (!equal(l1.get(i), l2.get(i))) {
                        return compare(l1.get(i), l2.get(i));
                    }
                }
                return Integer.compare(l1.size(), l2.size());
            }
        }
        throw new TemplateError("'<' not supported between instances of '" + typeName(a) + "' and '" + typeName(b) + "'");
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    static List<?> items(Object seq) {
        return seq instanceof Tuple t ? t.items() : (List<?>) seq;
    }

    /** Python iteration: list/tuple items, dict keys, string characters; Undefined iterates as empty. */
    static List<Object> iterate(Object v) {
        if (v instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        if (v instanceof Tuple t) {
            return new ArrayList<>(t.items());
        }
        if (v instanceof Map<?, ?> m) {
            return new ArrayList<>(m.keySet());
        }
        if (v instanceof String s) {
            List<Object> out = new ArrayList<>();
            s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            return out;
        }
        if (v instanceof Undefined) {
            return new ArrayList<>();
        }
        throw new TemplateError("'" + typeName(v) + "' object is not iterable");
    }

    static boolean iterable(Object v) {
        return v instanceof List || v instanceof Tuple || v instanceof Map || v instanceof String;
    }

    static int length(Object v) {
        if (v instanceof String s) {
            return s.codePointCount(0, s.length());
        }
        if (v instanceof List<?> l) {
            return l.size();
        }
        if (v instanceof Tuple t) {
            return t.items().size();
        }
        if (v instanceof Map<?, ?> m) {
            return m.size();
        }
        if (v instanceof Undefined u) {
            throw u.error();
        }
        throw new TemplateError("object of type '" + typeName(v) + "' has no len()");
    }

    static boolean contains(Object container, Object item) {
        if (container instanceof String s) {
            if (!(item instanceof String sub)) {
                throw new TemplateError("'in <string>' requires string as left operand, not " + typeName(item));
            }
            return s.contains(sub);
        }
        if (container instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) {
                if (equal(k, item)) {
                    return true;
                }
            }
            return false;
        }
        if (container instanceof Undefined u) {
            throw u.error();
        }
        for (Object x : iterate(container)) {
            if (equal(x, item)) {
                return true;
            }
        }
        return false;
    }

    /** A string's code points as one-character strings, so indexing and slicing count characters as Python does. */
    static int[] codePoints(String s) {
        return s.codePoints().toArray();
    }

    static String fromCodePoints(int[] cps, int from, int to) {
        return new String(cps, from, to - from);
    }

    static Iterator<Object> none() {
        return List.<Object>of().iterator();
    }
}
