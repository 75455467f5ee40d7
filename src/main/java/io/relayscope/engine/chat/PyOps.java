package io.relayscope.engine.chat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import static io.relayscope.engine.chat.PyValues.isInt;
import static io.relayscope.engine.chat.PyValues.isNumber;
import static io.relayscope.engine.chat.PyValues.toBigInt;
import static io.relayscope.engine.chat.PyValues.toDouble;
import static io.relayscope.engine.chat.PyValues.typeName;

/** Python's arithmetic operators, indexing and slicing for template values. */
final class PyOps {
    private PyOps() {
    }

    static Object binary(String op, Object a, Object b) {
        if (a instanceof PyValues.Undefined u) {
            throw u.error();
        }
        if (b instanceof PyValues.Undefined u) {
            throw u.error();
        }
        switch (op) {
            case "+" -> {
                if (a instanceof String s1 && b instanceof String s2) {
                    return s1 + s2;
                }
                if (a instanceof List<?> l1 && b instanceof List<?> l2) {
                    List<Object> out = new ArrayList<>(l1);
                    out.addAll(l2);
                    return out;
                }
                if (a instanceof PyValues.Tuple t1 && b instanceof PyValues.Tuple t2) {
                    List<Object> out = new ArrayList<>(t1.items());
                    out.addAll(t2.items());
                    return new PyValues.Tuple(out);
                }
                return numeric(op, a, b);
            }
            case "*" -> {
                if ((a instanceof String || a instanceof List) && isInt(b)) {
                    return repeat(a, toBigInt(b).intValue());
                }
                if (isInt(a) && (b instanceof String || b instanceof List)) {
                    return repeat(b, toBigInt(a).intValue());
                }
                return numeric(op, a, b);
            }
            case "%" -> {
                if (a instanceof String fmt) {
                    return PyFormat.percent(fmt, b);
                }
                return numeric(op, a, b);
            }
            default -> {
                return numeric(op, a, b);
            }
        }
    }

    private static Object repeat(Object seq, int n) {
        if (seq instanceof String s) {
            return n <= 0 ? "" : s.repeat(n);
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.addAll((List<?>) seq);
        }
        return out;
    }

    private static Object numeric(String op, Object a, Object b) {
        if (!isNumber(a) || !isNumber(b)) {
            throw new TemplateError("unsupported operand type(s) for " + op + ": '" + typeName(a) + "' and '" + typeName(b) + "'");
        }
        if (isInt(a) && isInt(b)) {
            BigInteger x = toBigInt(a);
            BigInteger y = toBigInt(b);
            switch (op) {
                case "+": return x.add(y);
                case "-": return x.subtract(y);
                case "*": return x.multiply(y);
                case "/":
                    zeroCheck(y.signum() == 0, "division by zero");
                    return x.doubleValue() / y.doubleValue();
                case "//":
                    zeroCheck(y.signum() == 0, "integer division or modulo by zero");
                    return floorDiv(x, y);
                case "%":
                    zeroCheck(y.signum() == 0, "integer division or modulo by zero");
                    return x.subtract(floorDiv(x, y).multiply(y));
                case "**":
                    if (y.signum() >= 0) {
                        return x.pow(y.intValueExact());
                    }
                    return Math.pow(x.doubleValue(), y.doubleValue());
                default: throw new TemplateError("unknown operator " + op);
            }
        }
        double x = toDouble(a);
        double y = toDouble(b);
        switch (op) {
            case "+": return x + y;
            case "-": return x - y;
            case "*": return x * y;
            case "/":
                zeroCheck(y == 0, "float division by zero");
                return x / y;
            case "//":
                zeroCheck(y == 0, "float divmod()");
                return Math.floor(x / y);
            case "%":
                zeroCheck(y == 0, "float modulo");
                double m = x % y;
                return m != 0 && (m < 0) != (y < 0) ? m + y : m;
            case "**": return Math.pow(x, y);
            default: throw new TemplateError("unknown operator " + op);
        }
    }

    private static void zeroCheck(boolean zero, String message) {
        if (zero) {
            throw new TemplateError(message);
        }
    }

    private static BigInteger floorDiv(BigInteger x, BigInteger y) {
        BigInteger[] qr = x.divideAndRemainder(y);
        return qr[1].signum() != 0 && (qr[1].signum() != y.signum()) ? qr[0].subtract(BigInteger.ONE) : qr[0];
    }

    static Object negate(Object v) {
        if (v instanceof Double d) {
            return -d;
        }
        if (isInt(v)) {
            return toBigInt(v).negate();
        }
        throw new TemplateError("bad operand type for unary -: '" + typeName(v) + "'");
    }

    /** obj[key] for lists, tuples, strings and dicts; null when there is no such item (the caller decides). */
    static Object item(Object obj, Object key, boolean[] found) {
        found[0] = true;
        if (obj instanceof java.util.Map<?, ?> m) {
            for (java.util.Map.Entry<?, ?> e : m.entrySet()) {
                if (PyValues.equal(e.getKey(), key)) {
                    return e.getValue();
                }
            }
            found[0] = false;
            return null;
        }
        if ((obj instanceof List || obj instanceof PyValues.Tuple || obj instanceof String) && isInt(key)) {
            int n = PyValues.length(obj);
            int i = PyValues.toIndex(key);
            if (i < 0) {
                i += n;
            }
            if (i < 0 || i >= n) {
                found[0] = false;
                return null;
            }
            if (obj instanceof String s) {
                int[] cps = PyValues.codePoints(s);
                return PyValues.fromCodePoints(cps, i, i + 1);
            }
            return PyValues.items(obj).get(i);
        }
        found[0] = false;
        return null;
    }

    /** obj[start:stop:step] with Python's clamping and negative steps. */
    static Object slice(Object obj, Object start, Object stop, Object step) {
        int st = step == null ? 1 : PyValues.toIndex(step);
        if (st == 0) {
            throw new TemplateError("slice step cannot be zero");
        }
        int n;
        int[] cps = null;
        if (obj instanceof String s) {
            cps = PyValues.codePoints(s);
            n = cps.length;
        } else if (obj instanceof List || obj instanceof PyValues.Tuple) {
            n = PyValues.length(obj);
        } else if (obj instanceof PyValues.Undefined u) {
            throw u.error();
        } else {
            throw new TemplateError("'" + typeName(obj) + "' object is not subscriptable");
        }
        int lo;
        int hi;
        if (st > 0) {
            lo = start == null ? 0 : clamp(PyValues.toIndex(start), n, 0, n);
            hi = stop == null ? n : clamp(PyValues.toIndex(stop), n, 0, n);
        } else {
            lo = start == null ? n - 1 : clamp(PyValues.toIndex(start), n, -1, n - 1);
            hi = stop == null ? -1 : clamp(PyValues.toIndex(stop), n, -1, n - 1);
        }
        List<Integer> idx = new ArrayList<>();
        for (int i = lo; st > 0 ? i < hi : i > hi; i += st) {
            idx.add(i);
        }
        if (cps != null) {
            StringBuilder sb = new StringBuilder();
            for (int i : idx) {
                sb.appendCodePoint(cps[i]);
            }
            return sb.toString();
        }
        List<?> src = PyValues.items(obj);
        List<Object> out = new ArrayList<>();
        for (int i : idx) {
            out.add(src.get(i));
        }
        return obj instanceof PyValues.Tuple ? new PyValues.Tuple(out) : out;
    }

    private static int clamp(int i, int n, int min, int max) {
        if (i < 0) {
            i += n;
        }
        return Math.max(min, Math.min(max, i));
    }
}
