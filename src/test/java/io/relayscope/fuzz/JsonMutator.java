package io.relayscope.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Mutates a JSON document: half of the time on its text (bytes flipped, spans cut, copied or truncated, JSON
 * tokens inserted), half of the time on its tree (a value replaced by another type or an extreme value, a field
 * removed, renamed or duplicated, an array element copied or removed), so that both the parser and the reader's
 * field rules are hit.
 */
final class JsonMutator {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] SNIPPETS = {"null", "true", "false", "0", "-1", "1e309", "-0.0", "2147483648",
            "9223372036854775808", "1.5", "\"\"", "\"x\"", "{}", "[]", "[[]]", "{\"a\":1}", ",", ":", "\"", "\\", "]", "}",
            "[", "{", "\"\\u0000\"", "\"\\ud800\"", "NaN", "\"NaN\"", "\"Infinity\"", "99999999999999999999999999",
            "\"\u00e9\u4e2d\ud83d\ude00\"", "\u0000", "\n"};

    private final Random random;

    JsonMutator(long seed) {
        this.random = new Random(seed);
    }

    /** One to three mutations of {@code json}. */
    String mutate(String json) {
        String s = json;
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            s = random.nextBoolean() ? tree(s) : text(s);
        }
        return s;
    }

    private String text(String s) {
        if (s.isEmpty()) {
            return SNIPPETS[random.nextInt(SNIPPETS.length)];
        }
        int at = random.nextInt(s.length());
        int len = 1 + random.nextInt(Math.min(64, s.length() - at));
        switch (random.nextInt(7)) {
            case 0: // a character replaced
                return s.substring(0, at) + (char) (random.nextBoolean() ? random.nextInt(128) : random.nextInt(0x10000)) + s.substring(at + 1);
            case 1: // a span removed
                return s.substring(0, at) + s.substring(at + len);
            case 2: // a span copied elsewhere
                int to = random.nextInt(s.length());
                return s.substring(0, to) + s.substring(at, at + len) + s.substring(to);
            case 3: // cut off
                return s.substring(0, at);
            case 4: // a JSON token inserted
                return s.substring(0, at) + SNIPPETS[random.nextInt(SNIPPETS.length)] + s.substring(at);
            case 5: // a digit changed into a long number
                int d = indexOfDigit(s, at);
                return d < 0 ? s : s.substring(0, d) + "9".repeat(1 + random.nextInt(30)) + s.substring(d + 1);
            default: // deep nesting
                String open = "[".repeat(1 + random.nextInt(200));
                return s.substring(0, at) + open + s.substring(at);
        }
    }

    private static int indexOfDigit(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (Character.isDigit(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private String tree(String s) {
        JsonNode root;
        try {
            root = MAPPER.readTree(s);
        } catch (Exception e) {
            return text(s);
        }
        if (root == null || !root.isContainerNode()) {
            return text(s);
        }
        List<JsonNode> containers = new ArrayList<>();
        List<JsonNode> shallow = new ArrayList<>();
        collect(root, 0, containers, shallow);
        // half of the time a shallow object (the header, the summary, a model), else any: tokens far outnumber them
        List<JsonNode> from = random.nextBoolean() ? shallow : containers;
        JsonNode target = from.get(random.nextInt(from.size()));
        if (target instanceof ObjectNode o && o.size() > 0) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            String name = names.get(random.nextInt(names.size()));
            switch (random.nextInt(5)) {
                case 0 -> o.remove(name);
                case 1 -> {
                    JsonNode v = o.remove(name);
                    o.set(name + (random.nextBoolean() ? "x" : ""), v);
                    o.set(name.isEmpty() ? "y" : name.substring(0, name.length() - 1), v);
                }
                case 2 -> o.set(name, o.get(name).deepCopy());
                default -> o.set(name, value(o.get(name)));
            }
        } else if (target instanceof ArrayNode a && a.size() > 0) {
            int i = random.nextInt(a.size());
            switch (random.nextInt(4)) {
                case 0 -> a.remove(i);
                case 1 -> a.insert(i, a.get(i).deepCopy());
                default -> a.set(i, value(a.get(i)));
            }
        }
        return root.toString();
    }

    private void collect(JsonNode node, int depth, List<JsonNode> all, List<JsonNode> shallow) {
        if (node.isContainerNode()) {
            all.add(node);
            if (depth <= 2 && node.isObject()) {
                shallow.add(node);
            }
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                collect(it.next(), depth + 1, all, shallow);
            }
        }
    }

    /** Another value for {@code old}: a neighbour of the same type, another type, or an extreme. */
    private JsonNode value(JsonNode old) {
        switch (random.nextInt(12)) {
            case 0:
                return NODES.nullNode();
            case 1:
                return NODES.numberNode(random.nextBoolean() ? -1 : random.nextInt(1_000_000));
            case 2:
                return NODES.numberNode(random.nextBoolean() ? Long.MAX_VALUE : Integer.MIN_VALUE);
            case 3:
                return NODES.numberNode(random.nextBoolean() ? 1e300 : -random.nextDouble());
            case 4:
                return NODES.textNode(random.nextBoolean() ? "" : "x".repeat(random.nextInt(70_000)));
            case 5:
                return NODES.booleanNode(random.nextBoolean());
            case 6:
                return NODES.arrayNode();
            case 7:
                return NODES.objectNode();
            case 8:
                return old.isNumber() ? NODES.numberNode(old.asLong() + (random.nextBoolean() ? 1 : -1)) : NODES.textNode(old.asText() + "?");
            case 9:
                return old.isTextual() ? NODES.textNode(new StringBuilder(old.asText()).reverse().toString()) : old;
            case 10: {
                ArrayNode a = NODES.arrayNode();
                a.add(old.deepCopy());
                return a;
            }
            default: {
                ObjectNode o = NODES.objectNode();
                for (Map.Entry<String, JsonNode> e : List.of(Map.entry("a", (JsonNode) NODES.numberNode(1)))) {
                    o.set(e.getKey(), e.getValue());
                }
                return o;
            }
        }
    }
}
