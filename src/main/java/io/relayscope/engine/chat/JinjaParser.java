package io.relayscope.engine.chat;

import io.relayscope.engine.chat.JinjaLexer.Kind;
import io.relayscope.engine.chat.JinjaLexer.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Jinja2's grammar (statements, then expressions with its operator precedence) over {@link JinjaLexer} tokens. */
final class JinjaParser {
    private static final Set<String> COMPARE = Set.of("==", "!=", "<", ">", "<=", ">=");
    private final List<Token> tokens;
    private int i;

    private JinjaParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static List<JinjaNode> parse(String source) {
        JinjaParser p = new JinjaParser(JinjaLexer.tokenize(source));
        List<JinjaNode> body = p.body(Set.of());
        if (p.peek().kind() != Kind.EOF) {
            throw p.error("unexpected '" + p.peekTagName() + "'");
        }
        return body;
    }

    // ---------------------------------------------------------------- statements

    /** Parses until EOF or a block tag named in {@code ends} (left unconsumed, positioned at its name). */
    private List<JinjaNode> body(Set<String> ends) {
        List<JinjaNode> out = new ArrayList<>();
        while (true) {
            Token t = peek();
            switch (t.kind()) {
                case EOF -> {
                    if (!ends.isEmpty()) {
                        throw error("unexpected end of template, expected one of " + ends);
                    }
                    return out;
                }
                case TEXT -> {
                    next();
                    out.add(new JinjaNode.Text((String) t.value()));
                }
                case VAR_BEGIN -> {
                    next();
                    out.add(new JinjaNode.Print(tuple()));
                    expect(Kind.VAR_END);
                }
                case BLOCK_BEGIN -> {
                    Token name = tokens.get(i + 1);
                    if (name.kind() == Kind.NAME && ends.contains(name.text())) {
                        next();
                        return out;
                    }
                    next();
                    out.add(statement());
                }
                default -> throw error("unexpected '" + t.text() + "'");
            }
        }
    }

    private String peekTagName() {
        return i + 1 < tokens.size() ? tokens.get(i + 1).text() : peek().text();
    }

    private JinjaNode statement() {
        Token t = expect(Kind.NAME);
        switch (t.text()) {
            case "if" -> {
                List<JinjaNode> tests = new ArrayList<>();
                List<List<JinjaNode>> bodies = new ArrayList<>();
                List<JinjaNode> orElse = List.of();
                tests.add(tuple());
                expect(Kind.BLOCK_END);
                while (true) {
                    bodies.add(body(Set.of("elif", "else", "endif")));
                    String tag = expect(Kind.NAME).text();
                    if (tag.equals("elif")) {
                        tests.add(tuple());
                        expect(Kind.BLOCK_END);
                    } else if (tag.equals("else")) {
                        expect(Kind.BLOCK_END);
                        orElse = body(Set.of("endif"));
                        expect(Kind.NAME);
                        expect(Kind.BLOCK_END);
                        break;
                    } else {
                        expect(Kind.BLOCK_END);
                        break;
                    }
                }
                return new JinjaNode.If(tests, bodies, orElse);
            }
            case "for" -> {
                List<String> targets = new ArrayList<>();
                targets.add(expect(Kind.NAME).text());
                while (peek().isOp(",")) {
                    next();
                    targets.add(expect(Kind.NAME).text());
                }
                if (!next().isName("in")) {
                    throw error("expected 'in' in for loop");
                }
                JinjaNode iter = tupleNoCond();
                JinjaNode filter = null;
                if (peek().isName("if")) {
                    next();
                    filter = expression(true);
                }
                if (peek().isName("recursive")) {
                    throw error("recursive loops are not supported");
                }
                expect(Kind.BLOCK_END);
                List<JinjaNode> body = body(Set.of("else", "endfor"));
                List<JinjaNode> orElse = List.of();
                if (expect(Kind.NAME).text().equals("else")) {
                    expect(Kind.BLOCK_END);
                    orElse = body(Set.of("endfor"));
                    expect(Kind.NAME);
                }
                expect(Kind.BLOCK_END);
                return new JinjaNode.For(targets, iter, filter, body, orElse);
            }
            case "set" -> {
                List<String> targets = new ArrayList<>();
                String attr = null;
                targets.add(expect(Kind.NAME).text());
                if (peek().isOp(".")) {
                    next();
                    attr = expect(Kind.NAME).text();
                }
                while (peek().isOp(",")) {
                    next();
                    targets.add(expect(Kind.NAME).text());
                }
                if (peek().kind() == Kind.BLOCK_END && attr == null && targets.size() == 1) {
                    next();
                    List<JinjaNode> body = body(Set.of("endset"));
                    expect(Kind.NAME);
                    expect(Kind.BLOCK_END);
                    return new JinjaNode.SetBlock(targets.get(0), body);
                }
                expectOp("=");
                JinjaNode value = tuple();
                expect(Kind.BLOCK_END);
                return new JinjaNode.Set(targets, attr, value);
            }
            case "macro" -> {
                String name = expect(Kind.NAME).text();
                expectOp("(");
                List<String> params = new ArrayList<>();
                List<JinjaNode> defaults = new ArrayList<>();
                while (!peek().isOp(")")) {
                    if (!params.isEmpty()) {
                        expectOp(",");
                    }
                    params.add(expect(Kind.NAME).text());
                    if (peek().isOp("=")) {
                        next();
                        defaults.add(expression(true));
                    } else {
                        defaults.add(null);
                    }
                }
                next();
                expect(Kind.BLOCK_END);
                List<JinjaNode> body = body(Set.of("endmacro"));
                expect(Kind.NAME);
                expect(Kind.BLOCK_END);
                return new JinjaNode.Macro(name, params, defaults, body);
            }
            case "generation" -> {
                expect(Kind.BLOCK_END);
                List<JinjaNode> body = body(Set.of("endgeneration"));
                expect(Kind.NAME);
                expect(Kind.BLOCK_END);
                return new JinjaNode.Block(body);
            }
            case "break" -> {
                expect(Kind.BLOCK_END);
                return new JinjaNode.Break();
            }
            case "continue" -> {
                expect(Kind.BLOCK_END);
                return new JinjaNode.Continue();
            }
            default -> throw error("unknown tag '" + t.text() + "'");
        }
    }

    // ---------------------------------------------------------------- expressions

    /** An expression, or a tuple of them without parentheses (as in {{ a, b }} or set x = 1, 2). */
    private JinjaNode tuple() {
        JinjaNode first = expression(true);
        if (!peek().isOp(",")) {
            return first;
        }
        List<JinjaNode> items = new ArrayList<>(List.of(first));
        while (peek().isOp(",")) {
            next();
            if (endOfTag()) {
                break;
            }
            items.add(expression(true));
        }
        return new JinjaNode.TupleExpr(items);
    }

    /** The iterable of a for loop: no conditional expression (its 'if' filters the loop). */
    private JinjaNode tupleNoCond() {
        JinjaNode first = expression(false);
        if (!peek().isOp(",")) {
            return first;
        }
        List<JinjaNode> items = new ArrayList<>(List.of(first));
        while (peek().isOp(",")) {
            next();
            items.add(expression(false));
        }
        return new JinjaNode.TupleExpr(items);
    }

    private boolean endOfTag() {
        Kind k = peek().kind();
        return k == Kind.VAR_END || k == Kind.BLOCK_END;
    }

    private JinjaNode expression(boolean withCond) {
        JinjaNode expr = or();
        while (withCond && peek().isName("if")) {
            next();
            JinjaNode test = or();
            JinjaNode orElse = null;
            if (peek().isName("else")) {
                next();
                orElse = expression(true);
            }
            expr = new JinjaNode.CondExpr(test, expr, orElse);
        }
        return expr;
    }

    private JinjaNode or() {
        JinjaNode left = and();
        while (peek().isName("or")) {
            next();
            left = new JinjaNode.Or(left, and());
        }
        return left;
    }

    private JinjaNode and() {
        JinjaNode left = not();
        while (peek().isName("and")) {
            next();
            left = new JinjaNode.And(left, not());
        }
        return left;
    }

    private JinjaNode not() {
        if (peek().isName("not")) {
            next();
            return new JinjaNode.Not(not());
        }
        return compare();
    }

    private JinjaNode compare() {
        JinjaNode first = math1();
        List<String> ops = new ArrayList<>();
        List<JinjaNode> rest = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (t.kind() == Kind.OP && COMPARE.contains(t.text())) {
                next();
                ops.add(t.text());
            } else if (t.isName("in")) {
                next();
                ops.add("in");
            } else if (t.isName("not") && tokens.get(i + 1).isName("in")) {
                next();
                next();
                ops.add("not in");
            } else {
                break;
            }
            rest.add(math1());
        }
        return ops.isEmpty() ? first : new JinjaNode.Compare(first, ops, rest);
    }

    private JinjaNode math1() {
        JinjaNode left = concat();
        while (peek().isOp("+") || peek().isOp("-")) {
            String op = next().text();
            left = new JinjaNode.Binary(op, left, concat());
        }
        return left;
    }

    private JinjaNode concat() {
        List<JinjaNode> parts = new ArrayList<>(List.of(math2()));
        while (peek().isOp("~")) {
            next();
            parts.add(math2());
        }
        return parts.size() == 1 ? parts.get(0) : new JinjaNode.Concat(parts);
    }

    private JinjaNode math2() {
        JinjaNode left = pow();
        while (peek().isOp("*") || peek().isOp("/") || peek().isOp("//") || peek().isOp("%")) {
            String op = next().text();
            left = new JinjaNode.Binary(op, left, pow());
        }
        return left;
    }

    private JinjaNode pow() {
        JinjaNode left = unary(true);
        while (peek().isOp("**")) {
            next();
            left = new JinjaNode.Binary("**", left, unary(true));
        }
        return left;
    }

    private JinjaNode unary(boolean withFilter) {
        JinjaNode node;
        if (peek().isOp("-")) {
            next();
            node = new JinjaNode.Unary("-", unary(false));
        } else if (peek().isOp("+")) {
            next();
            node = new JinjaNode.Unary("+", unary(false));
        } else {
            node = primary();
        }
        node = postfix(node);
        return withFilter ? filterExpr(node) : node;
    }

    private JinjaNode primary() {
        Token t = next();
        switch (t.kind()) {
            case NAME -> {
                switch (t.text()) {
                    case "true", "True" -> {
                        return new JinjaNode.Const(Boolean.TRUE);
                    }
                    case "false", "False" -> {
                        return new JinjaNode.Const(Boolean.FALSE);
                    }
                    case "none", "None" -> {
                        return new JinjaNode.Const(null);
                    }
                    default -> {
                        return new JinjaNode.Name(t.text());
                    }
                }
            }
            case STRING -> {
                StringBuilder sb = new StringBuilder((String) t.value());
                while (peek().kind() == Kind.STRING) {
                    sb.append((String) next().value());
                }
                return new JinjaNode.Const(sb.toString());
            }
            case INT, FLOAT -> {
                return new JinjaNode.Const(t.value());
            }
            case OP -> {
                switch (t.text()) {
                    case "(" -> {
                        if (peek().isOp(")")) {
                            next();
                            return new JinjaNode.TupleExpr(List.of());
                        }
                        JinjaNode first = expression(true);
                        if (peek().isOp(")")) {
                            next();
                            return first;
                        }
                        List<JinjaNode> items = new ArrayList<>(List.of(first));
                        while (peek().isOp(",")) {
                            next();
                            if (peek().isOp(")")) {
                                break;
                            }
                            items.add(expression(true));
                        }
                        expectOp(")");
                        return new JinjaNode.TupleExpr(items);
                    }
                    case "[" -> {
                        List<JinjaNode> items = new ArrayList<>();
                        while (!peek().isOp("]")) {
                            if (!items.isEmpty()) {
                                expectOp(",");
                                if (peek().isOp("]")) {
                                    break;
                                }
                            }
                            items.add(expression(true));
                        }
                        next();
                        return new JinjaNode.ListExpr(items);
                    }
                    case "{" -> {
                        List<JinjaNode> keys = new ArrayList<>();
                        List<JinjaNode> values = new ArrayList<>();
                        while (!peek().isOp("}")) {
                            if (!keys.isEmpty()) {
                                expectOp(",");
                                if (peek().isOp("}")) {
                                    break;
                                }
                            }
                            keys.add(expression(true));
                            expectOp(":");
                            values.add(expression(true));
                        }
                        next();
                        return new JinjaNode.DictExpr(keys, values);
                    }
                    default -> throw error("unexpected '" + t.text() + "'");
                }
            }
            default -> throw error("unexpected '" + t.text() + "'");
        }
    }

    private JinjaNode postfix(JinjaNode node) {
        while (true) {
            Token t = peek();
            if (t.isOp(".")) {
                next();
                Token name = next();
                if (name.kind() == Kind.NAME) {
                    node = new JinjaNode.GetAttr(node, name.text());
                } else if (name.kind() == Kind.INT) {
                    node = new JinjaNode.GetItem(node, new JinjaNode.Const(name.value()));
                } else {
                    throw error("expected name or number after '.'");
                }
            } else if (t.isOp("[")) {
                next();
                node = subscript(node);
            } else if (t.isOp("(")) {
                node = call(node);
            } else {
                return node;
            }
        }
    }

    private JinjaNode subscript(JinjaNode node) {
        JinjaNode[] parts = new JinjaNode[3];
        int part = 0;
        boolean slice = false;
        while (!peek().isOp("]")) {
            if (peek().isOp(":")) {
                next();
                slice = true;
                part++;
                if (part > 2) {
                    throw error("too many ':' in slice");
                }
            } else {
                parts[part] = expression(true);
            }
        }
        next();
        if (!slice) {
            return new JinjaNode.GetItem(node, parts[0]);
        }
        return new JinjaNode.Slice(node, parts[0], parts[1], parts[2]);
    }

    private JinjaNode call(JinjaNode fn) {
        expectOp("(");
        List<JinjaNode> args = new ArrayList<>();
        List<String> kwNames = new ArrayList<>();
        List<JinjaNode> kwValues = new ArrayList<>();
        callArgs(args, kwNames, kwValues);
        return new JinjaNode.Call(fn, args, kwNames, kwValues);
    }

    private void callArgs(List<JinjaNode> args, List<String> kwNames, List<JinjaNode> kwValues) {
        boolean first = true;
        while (!peek().isOp(")")) {
            if (!first) {
                expectOp(",");
                if (peek().isOp(")")) {
                    break;
                }
            }
            first = false;
            if (peek().kind() == Kind.NAME && tokens.get(i + 1).isOp("=")) {
                kwNames.add(next().text());
                next();
                kwValues.add(expression(true));
            } else {
                if (!kwNames.isEmpty()) {
                    throw error("positional argument after keyword argument");
                }
                args.add(expression(true));
            }
        }
        next();
    }

    private JinjaNode filterExpr(JinjaNode node) {
        while (true) {
            Token t = peek();
            if (t.isOp("|")) {
                next();
                String name = dottedName();
                List<JinjaNode> args = new ArrayList<>();
                List<String> kwNames = new ArrayList<>();
                List<JinjaNode> kwValues = new ArrayList<>();
                if (peek().isOp("(")) {
                    next();
                    callArgs(args, kwNames, kwValues);
                }
                node = new JinjaNode.Filter(node, name, args, kwNames, kwValues);
            } else if (t.isName("is")) {
                next();
                boolean negated = false;
                if (peek().isName("not")) {
                    next();
                    negated = true;
                }
                String name = dottedName();
                List<JinjaNode> args = new ArrayList<>();
                if (peek().isOp("(")) {
                    next();
                    List<String> kwNames = new ArrayList<>();
                    callArgs(args, kwNames, new ArrayList<>());
                } else if (startsTestArgument(peek())) {
                    args.add(postfix(primary()));
                }
                node = new JinjaNode.Test(node, name, args, negated);
            } else if (t.isOp("(")) {
                node = call(node);
            } else {
                return node;
            }
        }
    }

    private static boolean startsTestArgument(Token t) {
        return switch (t.kind()) {
            case NAME -> !Set.of("else", "or", "and", "if", "in", "not", "is").contains(t.text());
            case STRING, INT, FLOAT -> true;
            case OP -> t.text().equals("[") || t.text().equals("{");
            default -> false;
        };
    }

    private String dottedName() {
        StringBuilder name = new StringBuilder(expect(Kind.NAME).text());
        while (peek().isOp(".") && tokens.get(i + 1).kind() == Kind.NAME) {
            next();
            name.append('.').append(next().text());
        }
        return name.toString();
    }

    // ---------------------------------------------------------------- tokens

    private Token peek() {
        return tokens.get(i);
    }

    private Token next() {
        Token t = tokens.get(i);
        if (t.kind() != Kind.EOF) {
            i++;
        }
        return t;
    }

    private Token expect(Kind kind) {
        Token t = next();
        if (t.kind() != kind) {
            throw error("expected " + kind.name().toLowerCase().replace('_', ' ') + ", got '" + t.text() + "'");
        }
        return t;
    }

    private void expectOp(String op) {
        Token t = next();
        if (!t.isOp(op)) {
            throw error("expected '" + op + "', got '" + t.text() + "'");
        }
    }

    private TemplateError error(String message) {
        return new TemplateError(message + " (line " + peek().line() + ")");
    }
}
