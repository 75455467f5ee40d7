package io.relayscope.engine.chat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a template into text and tag tokens the way Jinja2's lexer does with trim_blocks and lstrip_blocks on:
 * {@code {%-}/{@code -%}} strip all whitespace, {@code {%+} keeps the indentation, a block or comment tag alone on a
 * line loses the indentation before it and the newline after it.
 */
final class JinjaLexer {
    enum Kind { TEXT, VAR_BEGIN, VAR_END, BLOCK_BEGIN, BLOCK_END, NAME, STRING, INT, FLOAT, OP, EOF }

    record Token(Kind kind, String text, Object value, int line) {
        boolean is(Kind k, String t) {
            return kind == k && text.equals(t);
        }

        boolean isOp(String t) {
            return is(Kind.OP, t);
        }

        boolean isName(String t) {
            return is(Kind.NAME, t);
        }
    }

    private static final String[] OPERATORS = {"//", "**", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "<", ">",
            "=", "(", ")", "[", "]", "{", "}", ",", ".", ":", "|"};
    private static final Pattern ENDRAW = Pattern.compile("\\{%([-+]?)\\s*endraw\\s*([-+]?)%\\}");

    private final String src;
    private final List<Token> out = new ArrayList<>();
    private int pos;
    private int line = 1;
    private boolean lineStarting = true;

    private JinjaLexer(String src) {
        String s = src.replace("\r\n", "\n").replace('\r', '\n');
        // Jinja2 drops one trailing newline of the template (keep_trailing_newline=False)
        this.src = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    static List<Token> tokenize(String src) {
        JinjaLexer lx = new JinjaLexer(src);
        lx.run();
        return lx.out;
    }

    private void run() {
        while (pos < src.length()) {
            int tag = nextTag(pos);
            String text = src.substring(pos, tag < 0 ? src.length() : tag);
            if (tag < 0) {
                emitText(text);
                break;
            }
            char kind = src.charAt(tag + 1);
            char sign = tag + 2 < src.length() ? src.charAt(tag + 2) : ' ';
            if (sign == '-') {
                text = rstripAll(text);
            } else if (sign != '+' && kind != '{') {
                text = lstripBlock(text);
            }
            emitText(text);
            int inner = tag + 2 + (sign == '-' || sign == '+' ? 1 : 0);
            if (kind == '#') {
                int end = src.indexOf("#}", inner);
                if (end < 0) {
                    throw new TemplateError("missing end of comment tag (line " + line + ")");
                }
                countLines(tag, end + 2);
                boolean strip = end > inner && src.charAt(end - 1) == '-';
                pos = afterTag(end + 2, strip, end > inner && src.charAt(end - 1) == '+', true);
            } else {
                boolean block = kind == '%';
                out.add(new Token(block ? Kind.BLOCK_BEGIN : Kind.VAR_BEGIN, block ? "{%" : "{{", null, line));
                pos = inner;
                expression(block);
                if (block && isRawStart()) {
                    raw();
                }
            }
        }
        out.add(new Token(Kind.EOF, "", null, line));
    }

    private int nextTag(int from) {
        int i = from;
        while (true) {
            i = src.indexOf('{', i);
            if (i < 0 || i + 1 >= src.length()) {
                return -1;
            }
            char c = src.charAt(i + 1);
            if (c == '{' || c == '%' || c == '#') {
                return i;
            }
            i++;
        }
    }

    private void emitText(String text) {
        if (!text.isEmpty()) {
            out.add(new Token(Kind.TEXT, text, text, line));
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                }
            }
        }
    }

    private static String rstripAll(String text) {
        int e = text.length();
        while (e > 0 && Character.isWhitespace(text.charAt(e - 1))) {
            e--;
        }
        return text.substring(0, e);
    }

    /** lstrip_blocks: drop spaces and tabs between the line start and a block tag. */
    private String lstripBlock(String text) {
        int lpos = text.lastIndexOf('\n') + 1;
        if (lpos > 0 || lineStarting) {
            for (int i = lpos; i < text.length(); i++) {
                if (!Character.isWhitespace(text.charAt(i))) {
                    return text;
                }
            }
            return text.substring(0, lpos);
        }
        return text;
    }

    /** After a tag: '-' strips all whitespace, trim_blocks drops one newline after block and comment tags. */
    private int afterTag(int p, boolean strip, boolean plus, boolean blockOrComment) {
        int start = p;
        if (strip) {
            while (p < src.length() && Character.isWhitespace(src.charAt(p))) {
                p++;
            }
        } else if (blockOrComment && !plus && p < src.length() && src.charAt(p) == '\n') {
            p++;
        }
        lineStarting = p > 0 && src.charAt(p - 1) == '\n';
        countLines(start, p);
        return p;
    }

    private void countLines(int from, int to) {
        for (int i = from; i < to; i++) {
            if (src.charAt(i) == '\n') {
                line++;
            }
        }
    }

    private void expression(boolean block) {
        String close = block ? "%}" : "}}";
        int depth = 0;
        while (true) {
            while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
                if (src.charAt(pos) == '\n') {
                    line++;
                }
                pos++;
            }
            if (pos >= src.length()) {
                throw new TemplateError("unexpected end of template, expected '" + close + "' (line " + line + ")");
            }
            if (depth == 0 && (src.startsWith("-" + close, pos) || src.startsWith("+" + close, pos) || src.startsWith(close, pos))) {
                char sign = src.charAt(pos);
                int end = pos + (sign == '-' || sign == '+' ? 3 : 2);
                out.add(new Token(block ? Kind.BLOCK_END : Kind.VAR_END, close, null, line));
                pos = afterTag(end, sign == '-', sign == '+', block);
                return;
            }
            char c = src.charAt(pos);
            if (Character.isLetter(c) || c == '_') {
                int s = pos;
                while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                    pos++;
                }
                String name = src.substring(s, pos);
                out.add(new Token(Kind.NAME, name, name, line));
            } else if (Character.isDigit(c)) {
                number();
            } else if (c == '\'' || c == '"') {
                string(c);
            } else {
                String op = null;
                for (String o : OPERATORS) {
                    if (src.startsWith(o, pos)) {
                        op = o;
                        break;
                    }
                }
                if (op == null) {
                    throw new TemplateError("unexpected char '" + c + "' at line " + line);
                }
                out.add(new Token(Kind.OP, op, op, line));
                pos += op.length();
                if (op.equals("(") || op.equals("[") || op.equals("{")) {
                    depth++;
                } else if (op.equals(")") || op.equals("]") || op.equals("}")) {
                    depth--;
                }
            }
        }
    }

    private void number() {
        int s = pos;
        while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
            pos++;
        }
        boolean isFloat = false;
        if (pos + 1 < src.length() && src.charAt(pos) == '.' && Character.isDigit(src.charAt(pos + 1))) {
            isFloat = true;
            pos++;
            while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                pos++;
            }
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            int save = pos;
            pos++;
            if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                isFloat = true;
                while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                    pos++;
                }
            } else {
                pos = save;
            }
        }
        String text = src.substring(s, pos).replace("_", "");
        out.add(isFloat ? new Token(Kind.FLOAT, text, Double.parseDouble(text), line)
                : new Token(Kind.INT, text, new BigInteger(text), line));
    }

    private void string(char quote) {
        StringBuilder sb = new StringBuilder();
        int s = pos++;
        while (true) {
            if (pos >= src.length()) {
                throw new TemplateError("unterminated string at line " + line);
            }
            char c = src.charAt(pos++);
            if (c == quote) {
                break;
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = src.charAt(pos++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case '0' -> sb.append('\0');
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'v' -> sb.append('\u000b');
                case '\\', '\'', '"' -> sb.append(e);
                case '\n' -> { }
                case 'x' -> sb.append(hex(2));
                case 'u' -> sb.append(hex(4));
                case 'U' -> sb.appendCodePoint(Integer.parseInt(src.substring(pos, pos += 8), 16));
                default -> sb.append('\\').append(e);
            }
        }
        String text = src.substring(s, pos);
        out.add(new Token(Kind.STRING, text, sb.toString(), line));
    }

    private char hex(int digits) {
        char c = (char) Integer.parseInt(src.substring(pos, pos + digits), 16);
        pos += digits;
        return c;
    }

    private boolean isRawStart() {
        int n = out.size();
        return n >= 3 && out.get(n - 1).kind() == Kind.BLOCK_END && out.get(n - 2).isName("raw")
                && out.get(n - 3).kind() == Kind.BLOCK_BEGIN;
    }

    /** {% raw %}...{% endraw %}: the body is text, verbatim. */
    private void raw() {
        Matcher m = ENDRAW.matcher(src);
        if (!m.find(pos)) {
            throw new TemplateError("missing endraw (line " + line + ")");
        }
        String body = src.substring(pos, m.start());
        if ("-".equals(m.group(1))) {
            body = rstripAll(body);
        } else if (!"+".equals(m.group(1))) {
            body = lstripBlock(body);
        }
        out.remove(out.size() - 1);
        out.remove(out.size() - 1);
        out.remove(out.size() - 1);
        emitText(body);
        pos = afterTag(m.end(), "-".equals(m.group(2)), "+".equals(m.group(2)), true);
    }
}
