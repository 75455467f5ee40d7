package io.relayscope.engine.chat;

import java.util.List;

/** The syntax tree of a parsed template: statements and expressions. */
sealed interface JinjaNode {

    // ---- statements
    record Text(String text) implements JinjaNode { }

    record Print(JinjaNode expr) implements JinjaNode { }

    record If(List<JinjaNode> tests, List<List<JinjaNode>> bodies, List<JinjaNode> orElse) implements JinjaNode { }

    record For(List<String> targets, JinjaNode iter, JinjaNode filter, List<JinjaNode> body, List<JinjaNode> orElse)
            implements JinjaNode { }

    /** {@code set name = expr}, {@code set a, b = expr} or {@code set ns.attr = expr}. */
    record Set(List<String> targets, String attr, JinjaNode expr) implements JinjaNode { }

    record SetBlock(String target, List<JinjaNode> body) implements JinjaNode { }

    record Macro(String name, List<String> params, List<JinjaNode> defaults, List<JinjaNode> body) implements JinjaNode { }

    /** transformers' {% generation %} block: renders its body. */
    record Block(List<JinjaNode> body) implements JinjaNode { }

    record Break() implements JinjaNode { }

    record Continue() implements JinjaNode { }

    // ---- expressions
    record Const(Object value) implements JinjaNode { }

    record Name(String name) implements JinjaNode { }

    record ListExpr(List<JinjaNode> items) implements JinjaNode { }

    record TupleExpr(List<JinjaNode> items) implements JinjaNode { }

    record DictExpr(List<JinjaNode> keys, List<JinjaNode> values) implements JinjaNode { }

    record GetAttr(JinjaNode obj, String name) implements JinjaNode { }

    record GetItem(JinjaNode obj, JinjaNode key) implements JinjaNode { }

    record Slice(JinjaNode obj, JinjaNode start, JinjaNode stop, JinjaNode step) implements JinjaNode { }

    record Call(JinjaNode fn, List<JinjaNode> args, List<String> kwNames, List<JinjaNode> kwValues) implements JinjaNode { }

    record Filter(JinjaNode expr, String name, List<JinjaNode> args, List<String> kwNames, List<JinjaNode> kwValues)
            implements JinjaNode { }

    record Test(JinjaNode expr, String name, List<JinjaNode> args, boolean negated) implements JinjaNode { }

    record Unary(String op, JinjaNode expr) implements JinjaNode { }

    record Binary(String op, JinjaNode left, JinjaNode right) implements JinjaNode { }

    record Concat(List<JinjaNode> parts) implements JinjaNode { }

    /** a == b, a < b < c, x in y, x not in y (chained like Python). */
    record Compare(JinjaNode first, List<String> ops, List<JinjaNode> rest) implements JinjaNode { }

    record And(JinjaNode left, JinjaNode right) implements JinjaNode { }

    record Or(JinjaNode left, JinjaNode right) implements JinjaNode { }

    record Not(JinjaNode expr) implements JinjaNode { }

    record CondExpr(JinjaNode test, JinjaNode then, JinjaNode orElse) implements JinjaNode { }
}
