package io.relayscope.engine.chat;

import io.relayscope.engine.chat.PyValues.Namespace;
import io.relayscope.engine.chat.PyValues.PyCallable;
import io.relayscope.engine.chat.PyValues.Tuple;
import io.relayscope.engine.chat.PyValues.Undefined;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders a parsed template: Jinja2's scoping (a fresh scope per loop iteration and macro call), undefined values. */
final class JinjaInterpreter {
    private static final int MAX_OUTPUT_CHARS = 16 << 20;

    /** A variable scope; lookups walk up to the render context. */
    static final class Scope {
        final Map<String, Object> vars = new HashMap<>();
        final Scope parent;

        Scope(Scope parent) {
            this.parent = parent;
        }

        Object lookup(String name) {
            for (Scope s = this; s != null; s = s.parent) {
                if (s.vars.containsKey(name)) {
                    return s.vars.get(name);
                }
            }
            return new Undefined("'" + name + "' is undefined");
        }
    }

    /** The {@code loop} variable of a for loop. */
    static final class Loop {
        final List<Object> items;
        int index0;

        Loop(List<Object> items) {
            this.items = items;
        }
    }

    private static final class BreakSignal extends RuntimeException {
        BreakSignal() {
            super(null, null, false, false);
        }
    }

    private static final class ContinueSignal extends RuntimeException {
        ContinueSignal() {
            super(null, null, false, false);
        }
    }

    private static final BreakSignal BREAK = new BreakSignal();
    private static final ContinueSignal CONTINUE = new ContinueSignal();

    private final JinjaBuiltins builtins;

    JinjaInterpreter(JinjaBuiltins builtins) {
        this.builtins = builtins;
    }

    String render(List<JinjaNode> body, Scope scope) {
        StringBuilder out = new StringBuilder();
        try {
            exec(body, scope, out);
        } catch (BreakSignal | ContinueSignal e) {
            throw new TemplateError("break or continue outside a loop");
        } catch (StackOverflowError e) {
            throw new TemplateError("template recursion too deep");
        }
        return out.toString();
    }

    private void exec(List<JinjaNode> body, Scope scope, StringBuilder out) {
        for (JinjaNode n : body) {
            exec(n, scope, out);
            if (out.length() > MAX_OUTPUT_CHARS) {
                throw new TemplateError("the template wrote more than " + MAX_OUTPUT_CHARS + " characters");
            }
        }
    }

    private void exec(JinjaNode node, Scope scope, StringBuilder out) {
        if (node instanceof JinjaNode.Text t) {
            out.append(t.text());
        } else if (node instanceof JinjaNode.Print p) {
            out.append(PyValues.str(eval(p.expr(), scope)));
        } else if (node instanceof JinjaNode.If f) {
            for (int k = 0; k < f.tests().size(); k++) {
                if (PyValues.truthy(eval(f.tests().get(k), scope))) {
                    exec(f.bodies().get(k), scope, out);
                    return;
                }
            }
            exec(f.orElse(), scope, out);
        } else if (node instanceof JinjaNode.For f) {
            loop(f, scope, out);
        } else if (node instanceof JinjaNode.Set s) {
            assign(s, scope);
        } else if (node instanceof JinjaNode.SetBlock s) {
            StringBuilder captured = new StringBuilder();
            exec(s.body(), scope, captured);
            scope.vars.put(s.target(), captured.toString());
        } else if (node instanceof JinjaNode.Macro m) {
            scope.vars.put(m.name(), macro(m, scope));
        } else if (node instanceof JinjaNode.Block b) {
            exec(b.body(), scope, out);
        } else if (node instanceof JinjaNode.Break) {
            throw BREAK;
        } else if (node instanceof JinjaNode.Continue) {
            throw CONTINUE;
        } else {
            throw new TemplateError("not a statement: " + node.getClass().getSimpleName());
        }
    }

    private void loop(JinjaNode.For f, Scope scope, StringBuilder out) {
        Object iterable = eval(f.iter(), scope);
        List<Object> items = PyValues.iterate(iterable);
        if (f.filter() != null) {
            List<Object> kept = new ArrayList<>();
            for (Object item : items) {
                Scope s = new Scope(scope);
                bind(f.targets(), item, s);
                if (PyValues.truthy(eval(f.filter(), s))) {
                    kept.add(item);
                }
            }
            items = kept;
        }
        if (items.isEmpty()) {
            exec(f.orElse(), scope, out);
            return;
        }
        Loop loop = new Loop(items);
        for (int k = 0; k < items.size(); k++) {
            loop.index0 = k;
            Scope s = new Scope(scope);
            bind(f.targets(), items.get(k), s);
            s.vars.put("loop", loop);
            try {
                exec(f.body(), s, out);
            } catch (ContinueSignal c) {
                // next iteration
            } catch (BreakSignal b) {
                break;
            }
        }
    }

    private static void bind(List<String> targets, Object value, Scope scope) {
        if (targets.size() == 1) {
            scope.vars.put(targets.get(0), value);
            return;
        }
        List<Object> parts = PyValues.iterate(value);
        if (parts.size() != targets.size()) {
            throw new TemplateError("cannot unpack " + parts.size() + " values into " + targets.size() + " names");
        }
        for (int k = 0; k < targets.size(); k++) {
            scope.vars.put(targets.get(k), parts.get(k));
        }
    }

    private void assign(JinjaNode.Set s, Scope scope) {
        Object value = eval(s.expr(), scope);
        if (s.attr() != null) {
            Object target = scope.lookup(s.targets().get(0));
            if (!(target instanceof Namespace ns)) {
                throw new TemplateError("cannot assign attribute on non-namespace object");
            }
            ns.attrs.put(s.attr(), value);
            return;
        }
        bind(s.targets(), value, scope);
    }

    private PyCallable macro(JinjaNode.Macro m, Scope defining) {
        return (args, kwargs) -> {
            Scope s = new Scope(defining);
            if (args.size() > m.params().size()) {
                throw new TemplateError("macro '" + m.name() + "' takes not more than " + m.params().size() + " argument(s)");
            }
            for (int k = 0; k < m.params().size(); k++) {
                String p = m.params().get(k);
                Object v;
                if (k < args.size()) {
                    v = args.get(k);
                } else if (kwargs.containsKey(p)) {
                    v = kwargs.get(p);
                } else if (m.defaults().get(k) != null) {
                    v = eval(m.defaults().get(k), s);
                } else {
                    v = new Undefined("parameter '" + p + "' was not provided");
                }
                s.vars.put(p, v);
            }
            for (String k : kwargs.keySet()) {
                if (!m.params().contains(k)) {
                    throw new TemplateError("macro '" + m.name() + "' takes no keyword argument '" + k + "'");
                }
            }
            StringBuilder out = new StringBuilder();
            exec(m.body(), s, out);
            return out.toString();
        };
    }

    // ---------------------------------------------------------------- expressions

    Object eval(JinjaNode node, Scope scope) {
        if (node instanceof JinjaNode.Const c) {
            return c.value();
        } else if (node instanceof JinjaNode.Name n) {
            return scope.lookup(n.name());
        } else if (node instanceof JinjaNode.ListExpr l) {
            List<Object> out = new ArrayList<>();
            l.items().forEach(x -> out.add(eval(x, scope)));
            return out;
        } else if (node instanceof JinjaNode.TupleExpr t) {
            List<Object> out = new ArrayList<>();
            t.items().forEach(x -> out.add(eval(x, scope)));
            return new Tuple(out);
        } else if (node instanceof JinjaNode.DictExpr d) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (int k = 0; k < d.keys().size(); k++) {
                out.put(eval(d.keys().get(k), scope), eval(d.values().get(k), scope));
            }
            return out;
        } else if (node instanceof JinjaNode.GetAttr g) {
            return builtins.getattr(eval(g.obj(), scope), g.name());
        } else if (node instanceof JinjaNode.GetItem g) {
            return builtins.getitem(eval(g.obj(), scope), eval(g.key(), scope));
        } else if (node instanceof JinjaNode.Slice s) {
            return PyOps.slice(eval(s.obj(), scope), evalOrNull(s.start(), scope), evalOrNull(s.stop(), scope),
                    evalOrNull(s.step(), scope));
        } else if (node instanceof JinjaNode.Call c) {
            Object fn = eval(c.fn(), scope);
            if (fn instanceof Undefined u) {
                throw u.error();
            }
            if (!(fn instanceof PyCallable callable)) {
                throw new TemplateError("'" + PyValues.typeName(fn) + "' object is not callable");
            }
            return callable.call(evalAll(c.args(), scope), kwargs(c.kwNames(), c.kwValues(), scope));
        } else if (node instanceof JinjaNode.Filter f) {
            return builtins.filter(f.name(), eval(f.expr(), scope), evalAll(f.args(), scope),
                    kwargs(f.kwNames(), f.kwValues(), scope));
        } else if (node instanceof JinjaNode.Test t) {
            boolean r = builtins.test(t.name(), eval(t.expr(), scope), evalAll(t.args(), scope));
            return r != t.negated();
        } else if (node instanceof JinjaNode.Unary u) {
            Object v = eval(u.expr(), scope);
            if (v instanceof Undefined und) {
                throw und.error();
            }
            return u.op().equals("-") ? PyOps.negate(v) : v;
        } else if (node instanceof JinjaNode.Binary b) {
            return PyOps.binary(b.op(), eval(b.left(), scope), eval(b.right(), scope));
        } else if (node instanceof JinjaNode.Concat c) {
            StringBuilder sb = new StringBuilder();
            c.parts().forEach(p -> sb.append(PyValues.str(eval(p, scope))));
            return sb.toString();
        } else if (node instanceof JinjaNode.Compare c) {
            Object left = eval(c.first(), scope);
            for (int k = 0; k < c.ops().size(); k++) {
                Object right = eval(c.rest().get(k), scope);
                if (!compare(c.ops().get(k), left, right)) {
                    return false;
                }
                left = right;
            }
            return true;
        } else if (node instanceof JinjaNode.And a) {
            Object left = eval(a.left(), scope);
            return PyValues.truthy(left) ? eval(a.right(), scope) : left;
        } else if (node instanceof JinjaNode.Or o) {
            Object left = eval(o.left(), scope);
            return PyValues.truthy(left) ? left : eval(o.right(), scope);
        } else if (node instanceof JinjaNode.Not n) {
            return !PyValues.truthy(eval(n.expr(), scope));
        } else if (node instanceof JinjaNode.CondExpr c) {
            if (PyValues.truthy(eval(c.test(), scope))) {
                return eval(c.then(), scope);
            }
            return c.orElse() == null ? new Undefined("the inline if-expression evaluated to false and no else "
                    + "section was defined.") : eval(c.orElse(), scope);
        }
        throw new TemplateError("not an expression: " + node.getClass().getSimpleName());
    }

    private static boolean compare(String op, Object a, Object b) {
        switch (op) {
            case "==":
                return PyValues.equal(a, b);
            case "!=":
                return !PyValues.equal(a, b);
            case "in":
                return PyValues.contains(b, a);
            case "not in":
                return !PyValues.contains(b, a);
            default:
                if (a instanceof Undefined u) {
                    throw u.error();
                }
                if (b instanceof Undefined u) {
                    throw u.error();
                }
                int c = PyValues.compare(a, b);
                return switch (op) {
                    case "<" -> c < 0;
                    case ">" -> c > 0;
                    case "<=" -> c <= 0;
                    default -> c >= 0;
                };
        }
    }

    private Object evalOrNull(JinjaNode node, Scope scope) {
        return node == null ? null : eval(node, scope);
    }

    private List<Object> evalAll(List<JinjaNode> nodes, Scope scope) {
        List<Object> out = new ArrayList<>(nodes.size());
        nodes.forEach(n -> out.add(eval(n, scope)));
        return out;
    }

    private Map<String, Object> kwargs(List<String> names, List<JinjaNode> values, Scope scope) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int k = 0; k < names.size(); k++) {
            out.put(names.get(k), eval(values.get(k), scope));
        }
        return out;
    }
}
