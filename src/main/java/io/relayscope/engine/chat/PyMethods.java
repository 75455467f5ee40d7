package io.relayscope.engine.chat;

import io.relayscope.engine.chat.PyValues.PyCallable;
import io.relayscope.engine.chat.PyValues.Tuple;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The methods of str, dict and list a sandboxed template may call; mutating ones are refused as Jinja2 does. */
final class PyMethods {
    private static final Set<String> UNSAFE_LIST = Set.of("append", "extend", "insert", "pop", "remove", "reverse", "sort", "clear");
    private static final Set<String> UNSAFE_DICT = Set.of("pop", "popitem", "update", "clear", "setdefault");

    private PyMethods() {
    }

    /** The bound method, or null when the type has no such attribute. */
    static PyCallable method(Object self, String name) {
        if (self instanceof String s) {
            return stringMethod(s, name);
        }
        if (self instanceof Map<?, ?> m) {
            if (UNSAFE_DICT.contains(name)) {
                throw unsafe(name, "dict");
            }
            return dictMethod(m, name);
        }
        if (self instanceof List<?> l) {
            if (UNSAFE_LIST.contains(name)) {
                throw unsafe(name, "list");
            }
            return listMethod(l, name);
        }
        return null;
    }

    private static TemplateError unsafe(String name, String type) {
        return new TemplateError("access to attribute '" + name + "' of '" + type + "' object is unsafe.");
    }

    private static Object arg(List<Object> args, int i, Object dflt) {
        return i < args.size() ? args.get(i) : dflt;
    }

    private static String strArg(List<Object> args, int i) {
        Object v = arg(args, i, null);
        if (v != null && !(v instanceof String)) {
            throw new TemplateError("expected a string argument, got " + PyValues.typeName(v));
        }
        return (String) v;
    }

    private static PyCallable dictMethod(Map<?, ?> m, String name) {
        switch (name) {
            case "get":
                return (a, k) -> {
                    boolean[] found = new boolean[1];
                    Object v = PyOps.item(m, a.get(0), found);
                    return found[0] ? v : arg(a, 1, null);
                };
            case "items":
                return (a, k) -> {
                    List<Object> out = new ArrayList<>();
                    m.forEach((key, v) -> out.add(new Tuple(java.util.Arrays.asList(key, v))));
                    return out;
                };
            case "keys":
                return (a, k) -> new ArrayList<Object>(m.keySet());
            case "values":
                return (a, k) -> new ArrayList<Object>(m.values());
            case "copy":
                return (a, k) -> new java.util.LinkedHashMap<Object, Object>(m);
            default:
                return null;
        }
    }

    private static PyCallable listMethod(List<?> l, String name) {
        switch (name) {
            case "count":
                return (a, k) -> BigInteger.valueOf(l.stream().filter(x -> PyValues.equal(x, a.get(0))).count());
            case "index":
                return (a, k) -> {
                    for (int i = 0; i < l.size(); i++) {
                        if (PyValues.equal(l.get(i), a.get(0))) {
                            return BigInteger.valueOf(i);
                        }
                    }
                    throw new TemplateError(PyValues.repr(a.get(0)) + " is not in list");
                };
            case "copy":
                return (a, k) -> new ArrayList<Object>(l);
            default:
                return null;
        }
    }

    private static PyCallable stringMethod(String s, String name) {
        switch (name) {
            case "strip":
                return (a, k) -> PyStrings.strip(s, strArg(a, 0), true, true);
            case "lstrip":
                return (a, k) -> PyStrings.strip(s, strArg(a, 0), true, false);
            case "rstrip":
                return (a, k) -> PyStrings.strip(s, strArg(a, 0), false, true);
            case "split":
                return (a, k) -> PyStrings.split(s, strArg(a, 0), maxsplit(a, k));
            case "rsplit":
                return (a, k) -> PyStrings.rsplit(s, strArg(a, 0), maxsplit(a, k));
            case "splitlines":
                return (a, k) -> new ArrayList<Object>(List.of(s.split("\r\n|\n|\r", -1)).subList(0, lineCount(s)));
            case "startswith":
                return (a, k) -> affix(s, a.get(0), true);
            case "endswith":
                return (a, k) -> affix(s, a.get(0), false);
            case "upper":
                return (a, k) -> s.toUpperCase(java.util.Locale.ROOT);
            case "lower":
                return (a, k) -> s.toLowerCase(java.util.Locale.ROOT);
            case "title":
                return (a, k) -> PyStrings.title(s);
            case "capitalize":
                return (a, k) -> PyStrings.capitalize(s);
            case "swapcase":
                return (a, k) -> PyStrings.swapcase(s);
            case "replace":
                return (a, k) -> PyStrings.replace(s, strArg(a, 0), strArg(a, 1),
                        a.size() > 2 ? PyValues.toIndex(a.get(2)) : -1);
            case "find":
                return (a, k) -> BigInteger.valueOf(PyStrings.cpIndex(s, s.indexOf(strArg(a, 0))));
            case "rfind":
                return (a, k) -> BigInteger.valueOf(PyStrings.cpIndex(s, s.lastIndexOf(strArg(a, 0))));
            case "index":
                return (a, k) -> {
                    int i = s.indexOf(strArg(a, 0));
                    if (i < 0) {
                        throw new TemplateError("substring not found");
                    }
                    return BigInteger.valueOf(PyStrings.cpIndex(s, i));
                };
            case "count":
                return (a, k) -> BigInteger.valueOf(PyStrings.count(s, strArg(a, 0)));
            case "join":
                return (a, k) -> {
                    StringBuilder sb = new StringBuilder();
                    List<Object> items = PyValues.iterate(a.get(0));
                    for (int i = 0; i < items.size(); i++) {
                        if (i > 0) {
                            sb.append(s);
                        }
                        if (!(items.get(i) instanceof String str)) {
                            throw new TemplateError("sequence item " + i + ": expected str instance, "
                                    + PyValues.typeName(items.get(i)) + " found");
                        }
                        sb.append(str);
                    }
                    return sb.toString();
                };
            case "format":
                return (a, k) -> PyFormat.format(s, a, k);
            case "ljust":
                return (a, k) -> PyStrings.pad(s, PyValues.toIndex(a.get(0)), 0, a.size() > 1 ? (String) a.get(1) : " ");
            case "rjust":
                return (a, k) -> PyStrings.pad(s, PyValues.toIndex(a.get(0)), 2, a.size() > 1 ? (String) a.get(1) : " ");
            case "center":
                return (a, k) -> PyStrings.pad(s, PyValues.toIndex(a.get(0)), 1, a.size() > 1 ? (String) a.get(1) : " ");
            case "zfill":
                return (a, k) -> PyStrings.pad(s, PyValues.toIndex(a.get(0)), 2, "0");
            case "removeprefix":
                return (a, k) -> s.startsWith(strArg(a, 0)) ? s.substring(strArg(a, 0).length()) : s;
            case "removesuffix":
                return (a, k) -> !strArg(a, 0).isEmpty() && s.endsWith(strArg(a, 0))
                        ? s.substring(0, s.length() - strArg(a, 0).length()) : s;
            case "isdigit":
                return (a, k) -> !s.isEmpty() && s.codePoints().allMatch(Character::isDigit);
            case "isnumeric":
                return (a, k) -> !s.isEmpty() && s.codePoints().allMatch(Character::isDigit);
            case "isalpha":
                return (a, k) -> !s.isEmpty() && s.codePoints().allMatch(Character::isLetter);
            case "isalnum":
                return (a, k) -> !s.isEmpty() && s.codePoints().allMatch(Character::isLetterOrDigit);
            case "isspace":
                return (a, k) -> !s.isEmpty() && s.codePoints().allMatch(PyStrings::isSpace);
            case "islower":
                return (a, k) -> PyStrings.cased(s, true);
            case "isupper":
                return (a, k) -> PyStrings.cased(s, false);
            default:
                return null;
        }
    }

    private static int lineCount(String s) {
        String[] parts = s.split("\r\n|\n|\r", -1);
        return s.isEmpty() ? 0 : (parts[parts.length - 1].isEmpty() ? parts.length - 1 : parts.length);
    }

    private static int maxsplit(List<Object> a, Map<String, Object> k) {
        Object v = a.size() > 1 ? a.get(1) : k.get("maxsplit");
        return v == null ? -1 : PyValues.toIndex(v);
    }

    private static boolean affix(String s, Object arg, boolean prefix) {
        if (arg instanceof Tuple t) {
            for (Object o : t.items()) {
                if (affix(s, o, prefix)) {
                    return true;
                }
            }
            return false;
        }
        if (!(arg instanceof String a)) {
            throw new TemplateError((prefix ? "startswith" : "endswith") + " first arg must be str or a tuple of str, not "
                    + PyValues.typeName(arg));
        }
        return prefix ? s.startsWith(a) : s.endsWith(a);
    }
}
