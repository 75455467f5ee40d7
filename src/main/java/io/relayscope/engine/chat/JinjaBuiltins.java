package io.relayscope.engine.chat;

import io.relayscope.engine.chat.PyValues.Namespace;
import io.relayscope.engine.chat.PyValues.PyCallable;
import io.relayscope.engine.chat.PyValues.Tuple;
import io.relayscope.engine.chat.PyValues.Undefined;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Attribute access, filters, tests and globals of transformers' chat-template environment: Jinja2's built-ins,
 * tojson as json.dumps(ensure_ascii=False), raise_exception and strftime_now.
 */
final class JinjaBuiltins {
    private static final Pattern WORD = Pattern.compile("\\w+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern WORD_BEGINNING = Pattern.compile("([-\\s({\\[<]+)");

    private final Supplier<LocalDateTime> clock;
    private JinjaInterpreter interpreter;

    JinjaBuiltins(Supplier<LocalDateTime> clock) {
        this.clock = clock;
    }

    void bind(JinjaInterpreter interpreter) {
        this.interpreter = interpreter;
    }

    Map<String, Object> globals() {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("range", (PyCallable) (a, k) -> range(a));
        g.put("dict", (PyCallable) (a, k) -> {
            Map<Object, Object> d = new LinkedHashMap<>();
            if (!a.isEmpty()) {
                d.putAll((Map<?, ?>) a.get(0));
            }
            d.putAll(k);
            return d;
        });
        g.put("namespace", (PyCallable) (a, k) -> {
            Namespace ns = new Namespace();
            for (Object o : a) {
                ((Map<?, ?>) o).forEach((key, v) -> ns.attrs.put(PyValues.str(key), v));
            }
            ns.attrs.putAll(k);
            return ns;
        });
        g.put("raise_exception", (PyCallable) (a, k) -> {
            throw new TemplateError(PyValues.str(a.isEmpty() ? null : a.get(0)));
        });
        g.put("strftime_now", (PyCallable) (a, k) -> Strftime.format(clock.get(), PyValues.str(a.get(0))));
        return g;
    }

    private static List<Object> range(List<Object> a) {
        long start = 0;
        long stop;
        long step = 1;
        if (a.size() == 1) {
            stop = PyValues.toIndex(a.get(0));
        } else {
            start = PyValues.toIndex(a.get(0));
            stop = PyValues.toIndex(a.get(1));
            if (a.size() > 2) {
                step = PyValues.toIndex(a.get(2));
            }
        }
        if (step == 0) {
            throw new TemplateError("range() arg 3 must not be zero");
        }
        List<Object> out = new ArrayList<>();
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
            out.add(BigInteger.valueOf(i));
            if (out.size() > 100_000) {
                throw new TemplateError("range too big");
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- attribute and item access

    Object getattr(Object obj, String name) {
        if (obj instanceof Undefined u) {
            throw u.error();
        }
        if (name.startsWith("_")) {
            throw new TemplateError("access to attribute '" + name + "' of '" + PyValues.typeName(obj) + "' object is unsafe.");
        }
        if (obj instanceof Namespace ns) {
            return ns.attrs.containsKey(name) ? ns.attrs.get(name) : noAttribute(obj, name);
        }
        if (obj instanceof JinjaInterpreter.Loop loop) {
            return loopAttr(loop, name);
        }
        PyCallable m = PyMethods.method(obj, name);
        if (m != null) {
            return m;
        }
        if (obj instanceof Map<?, ?>) {
            boolean[] found = new boolean[1];
            Object v = PyOps.item(obj, name, found);
            if (found[0]) {
                return v;
            }
        }
        return noAttribute(obj, name);
    }

    private static Undefined noAttribute(Object obj, String name) {
        return new Undefined("'" + PyValues.typeName(obj) + " object' has no attribute '" + name + "'");
    }

    Object getitem(Object obj, Object key) {
        if (obj instanceof Undefined u) {
            throw u.error();
        }
        boolean[] found = new boolean[1];
        Object v = PyOps.item(obj, key, found);
        if (found[0]) {
            return v;
        }
        if (key instanceof String s && !(obj instanceof Map)) {
            return getattr(obj, s);
        }
        if (key instanceof String s) {
            PyCallable m = PyMethods.method(obj, s);
            if (m != null) {
                return m;
            }
            return noAttribute(obj, s);
        }
        return new Undefined("'" + PyValues.typeName(obj) + " object' has no attribute " + PyValues.repr(key));
    }

    private Object loopAttr(JinjaInterpreter.Loop loop, String name) {
        int n = loop.items.size();
        int i = loop.index0;
        switch (name) {
            case "index": return BigInteger.valueOf(i + 1L);
            case "index0": return BigInteger.valueOf(i);
            case "revindex": return BigInteger.valueOf(n - i);
            case "revindex0": return BigInteger.valueOf(n - i - 1L);
            case "first": return i == 0;
            case "last": return i == n - 1;
            case "length": return BigInteger.valueOf(n);
            case "depth": return BigInteger.ONE;
            case "depth0": return BigInteger.ZERO;
            case "previtem": return i > 0 ? loop.items.get(i - 1) : new Undefined("there is no previous item");
            case "nextitem": return i < n - 1 ? loop.items.get(i + 1) : new Undefined("there is no next item");
            case "cycle": return (PyCallable) (a, k) -> {
                if (a.isEmpty()) {
                    throw new TemplateError("no items for cycling given");
                }
                return a.get(i % a.size());
            };
            default: return new Undefined("'LoopContext object' has no attribute '" + name + "'");
        }
    }

    // ---------------------------------------------------------------- filters

    Object filter(String name, Object v, List<Object> a, Map<String, Object> k) {
        switch (name) {
            case "tojson":
                return new PyJson(PyValues.truthy(opt(a, k, 0, "ensure_ascii", false)), opt(a, k, 1, "indent", null),
                        opt(a, k, 2, "separators", null), PyValues.truthy(opt(a, k, 3, "sort_keys", false))).dumps(v);
            case "trim":
                return PyStrings.strip(PyValues.str(v), (String) opt(a, k, 0, "chars", null), true, true);
            case "length":
            case "count":
                return BigInteger.valueOf(v instanceof Undefined ? 0 : PyValues.length(v));
            case "upper":
                return PyValues.str(v).toUpperCase(java.util.Locale.ROOT);
            case "lower":
                return PyValues.str(v).toLowerCase(java.util.Locale.ROOT);
            case "capitalize":
                return PyStrings.capitalize(PyValues.str(v));
            case "title":
                return jinjaTitle(PyValues.str(v));
            case "string":
                return PyValues.str(v);
            case "safe":
                return v;
            case "e":
            case "escape":
                return PyValues.str(v).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                        .replace("\"", "&#34;").replace("'", "&#39;");
            case "replace": {
                Object count = opt(a, k, 2, "count", null);
                return PyStrings.replace(PyValues.str(v), PyValues.str(a.get(0)), PyValues.str(a.get(1)),
                        count == null ? -1 : PyValues.toIndex(count));
            }
            case "d":
            case "default": {
                Object dflt = opt(a, k, 0, "default_value", "");
                boolean bool = PyValues.truthy(opt(a, k, 1, "boolean", false));
                return v instanceof Undefined || (bool && !PyValues.truthy(v)) ? dflt : v;
            }
            case "join": {
                String sep = PyValues.str(opt(a, k, 0, "d", ""));
                Object attr = opt(a, k, 1, "attribute", null);
                StringBuilder sb = new StringBuilder();
                List<Object> items = PyValues.iterate(v);
                for (int i = 0; i < items.size(); i++) {
                    if (i > 0) {
                        sb.append(sep);
                    }
                    sb.append(PyValues.str(attr == null ? items.get(i) : attribute(items.get(i), attr)));
                }
                return sb.toString();
            }
            case "first": {
                List<Object> items = PyValues.iterate(v);
                return items.isEmpty() ? new Undefined("No first item, sequence was empty.") : items.get(0);
            }
            case "last": {
                List<Object> items = PyValues.iterate(v);
                return items.isEmpty() ? new Undefined("No last item, sequence was empty.") : items.get(items.size() - 1);
            }
            case "list":
                return PyValues.iterate(v);
            case "reverse": {
                if (v instanceof String s) {
                    return PyOps.slice(s, null, null, BigInteger.ONE.negate());
                }
                List<Object> items = PyValues.iterate(v);
                java.util.Collections.reverse(items);
                return items;
            }
            case "items": {
                if (v instanceof Undefined) {
                    return new ArrayList<>();
                }
                if (!(v instanceof Map<?, ?> m)) {
                    throw new TemplateError("Can only get item pairs from a mapping.");
                }
                List<Object> out = new ArrayList<>();
                m.forEach((key, val) -> out.add(new Tuple(Arrays.asList(key, val))));
                return out;
            }
            case "int":
                return toInt(v, opt(a, k, 0, "default", BigInteger.ZERO));
            case "float":
                return toFloat(v, opt(a, k, 0, "default", 0.0));
            case "abs":
                return v instanceof Double d ? Math.abs(d) : PyValues.toBigInt(v).abs();
            case "round":
                return round(v, PyValues.toIndex(opt(a, k, 0, "precision", BigInteger.ZERO)),
                        PyValues.str(opt(a, k, 1, "method", "common")));
            case "sum": {
                Object attr = opt(a, k, 0, "attribute", null);
                Object total = opt(a, k, 1, "start", BigInteger.ZERO);
                for (Object x : PyValues.iterate(v)) {
                    total = PyOps.binary("+", total, attr == null ? x : attribute(x, attr));
                }
                return total;
            }
            case "min":
            case "max": {
                List<Object> items = sorted(v, false, PyValues.truthy(opt(a, k, 0, "case_sensitive", false)),
                        opt(a, k, 1, "attribute", null));
                if (items.isEmpty()) {
                    return new Undefined("No aggregated item, sequence was empty.");
                }
                return name.equals("min") ? items.get(0) : items.get(items.size() - 1);
            }
            case "sort":
                return sorted(v, PyValues.truthy(opt(a, k, 0, "reverse", false)),
                        PyValues.truthy(opt(a, k, 1, "case_sensitive", false)), opt(a, k, 2, "attribute", null));
            case "unique": {
                boolean cs = PyValues.truthy(opt(a, k, 0, "case_sensitive", false));
                Object attr = opt(a, k, 1, "attribute", null);
                List<Object> out = new ArrayList<>();
                List<Object> seen = new ArrayList<>();
                for (Object x : PyValues.iterate(v)) {
                    Object key = ignoreCase(attr == null ? x : attribute(x, attr), cs);
                    if (seen.stream().noneMatch(s -> PyValues.equal(s, key))) {
                        seen.add(key);
                        out.add(x);
                    }
                }
                return out;
            }
            case "map":
                return map(v, a, k);
            case "select":
            case "reject":
                return select(v, a, name.equals("select"), false);
            case "selectattr":
            case "rejectattr":
                return select(v, a, name.equals("selectattr"), true);
            case "attr":
                return getattr(v, PyValues.str(a.get(0)));
            case "batch": {
                int size = PyValues.toIndex(a.get(0));
                Object fill = opt(a, k, 1, "fill_with", null);
                List<Object> out = new ArrayList<>();
                List<Object> cur = new ArrayList<>();
                for (Object x : PyValues.iterate(v)) {
                    cur.add(x);
                    if (cur.size() == size) {
                        out.add(cur);
                        cur = new ArrayList<>();
                    }
                }
                if (!cur.isEmpty()) {
                    while (fill != null && cur.size() < size) {
                        cur.add(fill);
                    }
                    out.add(cur);
                }
                return out;
            }
            case "wordcount": {
                Matcher m = WORD.matcher(PyValues.str(v));
                int n = 0;
                while (m.find()) {
                    n++;
                }
                return BigInteger.valueOf(n);
            }
            case "center":
                return PyStrings.pad(PyValues.str(v), PyValues.toIndex(opt(a, k, 0, "width", BigInteger.valueOf(80))), 1, " ");
            case "indent":
                return indent(PyValues.str(v), opt(a, k, 0, "width", BigInteger.valueOf(4)),
                        PyValues.truthy(opt(a, k, 1, "first", false)), PyValues.truthy(opt(a, k, 2, "blank", false)));
            case "format":
                return PyFormat.percent(PyValues.str(v), new Tuple(new ArrayList<>(a)));
            default:
                throw new TemplateError("No filter named '" + name + "'.");
        }
    }

    private static Object opt(List<Object> a, Map<String, Object> k, int pos, String name, Object dflt) {
        if (pos < a.size()) {
            return a.get(pos);
        }
        return k.containsKey(name) ? k.get(name) : dflt;
    }

    private static String jinjaTitle(String s) {
        StringBuilder sb = new StringBuilder();
        Matcher m = WORD_BEGINNING.matcher(s);
        int last = 0;
        List<String> parts = new ArrayList<>();
        while (m.find()) {
            parts.add(s.substring(last, m.start()));
            parts.add(m.group());
            last = m.end();
        }
        parts.add(s.substring(last));
        for (String item : parts) {
            if (!item.isEmpty()) {
                int first = item.codePointAt(0);
                sb.append(new String(Character.toChars(first)).toUpperCase(java.util.Locale.ROOT))
                        .append(item.substring(Character.charCount(first)).toLowerCase(java.util.Locale.ROOT));
            }
        }
        return sb.toString();
    }

    private Object attribute(Object item, Object attr) {
        Object cur = item;
        for (String part : PyValues.str(attr).split("\\.")) {
            cur = part.chars().allMatch(Character::isDigit) && !part.isEmpty()
                    ? getitem(cur, new BigInteger(part)) : getitem(cur, part);
        }
        return cur;
    }

    private static Object ignoreCase(Object v, boolean caseSensitive) {
        return !caseSensitive && v instanceof String s ? s.toLowerCase(java.util.Locale.ROOT) : v;
    }

    private List<Object> sorted(Object v, boolean reverse, boolean caseSensitive, Object attr) {
        List<Object> items = PyValues.iterate(v);
        Comparator<Object> cmp = (x, y) -> PyValues.compare(ignoreCase(attr == null ? x : attribute(x, attr), caseSensitive),
                ignoreCase(attr == null ? y : attribute(y, attr), caseSensitive));
        items.sort(reverse ? cmp.reversed() : cmp);
        return items;
    }

    private List<Object> map(Object v, List<Object> a, Map<String, Object> k) {
        List<Object> out = new ArrayList<>();
        if (k.containsKey("attribute")) {
            Object dflt = k.get("default");
            for (Object x : PyValues.iterate(v)) {
                Object r = attribute(x, k.get("attribute"));
                out.add(r instanceof Undefined && k.containsKey("default") ? dflt : r);
            }
            return out;
        }
        String filterName = PyValues.str(a.get(0));
        List<Object> rest = a.subList(1, a.size());
        for (Object x : PyValues.iterate(v)) {
            out.add(filter(filterName, x, rest, k));
        }
        return out;
    }

    private List<Object> select(Object v, List<Object> a, boolean keep, boolean byAttr) {
        List<Object> out = new ArrayList<>();
        int argStart = byAttr ? 1 : 0;
        String testName = a.size() > argStart ? PyValues.str(a.get(argStart)) : null;
        List<Object> testArgs = a.size() > argStart + 1 ? a.subList(argStart + 1, a.size()) : List.of();
        for (Object x : PyValues.iterate(v)) {
            Object subject = byAttr ? attribute(x, a.get(0)) : x;
            boolean r = testName == null ? PyValues.truthy(subject) : test(testName, subject, testArgs);
            if (r == keep) {
                out.add(x);
            }
        }
        return out;
    }

    private static Object toInt(Object v, Object dflt) {
        if (PyValues.isInt(v)) {
            return PyValues.toBigInt(v);
        }
        if (v instanceof Double d) {
            return BigDecimal.valueOf(d).toBigInteger();
        }
        if (v instanceof String s) {
            try {
                return new BigInteger(s.strip().replace("_", ""));
            } catch (NumberFormatException e) {
                try {
                    return new BigDecimal(s.strip()).toBigInteger();
                } catch (NumberFormatException e2) {
                    return dflt;
                }
            }
        }
        return dflt;
    }

    private static Object toFloat(Object v, Object dflt) {
        if (PyValues.isNumber(v)) {
            return PyValues.toDouble(v);
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                return dflt;
            }
        }
        return dflt;
    }

    private static Object round(Object v, int precision, String method) {
        double d = PyValues.toDouble(v);
        BigDecimal exact = new BigDecimal(d);
        RoundingMode mode = switch (method) {
            case "common" -> RoundingMode.HALF_EVEN;
            case "ceil" -> RoundingMode.CEILING;
            case "floor" -> RoundingMode.FLOOR;
            default -> throw new TemplateError("method must be common, ceil or floor");
        };
        return exact.setScale(precision, mode).doubleValue();
    }

    private static String indent(String s, Object width, boolean first, boolean blank) {
        String ind = width instanceof String w ? w : " ".repeat(PyValues.toIndex(width));
        List<String> lines = new ArrayList<>(Arrays.asList((s + "\n").split("\r\n|\n|\r", -1)));
        lines.remove(lines.size() - 1);
        StringBuilder rv = new StringBuilder();
        if (blank) {
            rv.append(String.join("\n" + ind, lines));
        } else {
            rv.append(lines.get(0));
            for (int i = 1; i < lines.size(); i++) {
                rv.append('\n').append(lines.get(i).isEmpty() ? "" : ind + lines.get(i));
            }
        }
        return first ? ind + rv : rv.toString();
    }

    // ---------------------------------------------------------------- tests

    boolean test(String name, Object v, List<Object> a) {
        switch (name) {
            case "defined": return !(v instanceof Undefined);
            case "undefined": return v instanceof Undefined;
            case "none": return v == null;
            case "string": return v instanceof String;
            case "number": return PyValues.isNumber(v);
            case "integer": return v instanceof BigInteger;
            case "float": return v instanceof Double;
            case "boolean": return v instanceof Boolean;
            case "true": return Boolean.TRUE.equals(v);
            case "false": return Boolean.FALSE.equals(v);
            case "mapping": return v instanceof Map;
            case "iterable": return PyValues.iterable(v) || v instanceof Undefined;
            case "sequence": return v instanceof List || v instanceof Tuple || v instanceof String || v instanceof Map;
            case "callable": return v instanceof PyCallable;
            case "even": return PyValues.toBigInt(v).testBit(0) == false;
            case "odd": return PyValues.toBigInt(v).testBit(0);
            case "divisibleby": return PyValues.toBigInt(v).mod(PyValues.toBigInt(a.get(0)).abs()).signum() == 0;
            case "lower": return v instanceof String s && s.equals(s.toLowerCase(java.util.Locale.ROOT));
            case "upper": return v instanceof String s && s.equals(s.toUpperCase(java.util.Locale.ROOT));
            case "eq", "equalto", "==": return PyValues.equal(v, a.get(0));
            case "ne", "!=": return !PyValues.equal(v, a.get(0));
            case "lt", "lessthan", "<": return PyValues.compare(v, a.get(0)) < 0;
            case "le", "<=": return PyValues.compare(v, a.get(0)) <= 0;
            case "gt", "greaterthan", ">": return PyValues.compare(v, a.get(0)) > 0;
            case "ge", ">=": return PyValues.compare(v, a.get(0)) >= 0;
            case "in": return PyValues.contains(a.get(0), v);
            case "sameas": return v == a.get(0) || (v != null && v.equals(a.get(0)) && v instanceof Boolean);
            case "escaped": return false;
            default: throw new TemplateError("No test named '" + name + "'.");
        }
    }
}
