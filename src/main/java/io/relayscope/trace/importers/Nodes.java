package io.relayscope.trace.importers;

import com.fasterxml.jackson.databind.JsonNode;
import io.relayscope.trace.TraceFormatException;

/** Typed access to a JSON tree with errors that name the file and the JSON path of the offending value. */
final class Nodes {

    private final String label;

    Nodes(String label) {
        this.label = label;
    }

    TraceFormatException error(String path, String detail) {
        return new TraceFormatException(label, "field '" + path + "' " + detail);
    }

    static String child(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    static String element(String path, int index) {
        return path + "[" + index + "]";
    }

    /** The field's value; a missing field and JSON null both give null. */
    static JsonNode optional(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        return n == null || n.isNull() ? null : n;
    }

    JsonNode required(JsonNode parent, String path, String field) {
        JsonNode n = optional(parent, field);
        if (n == null) {
            throw new TraceFormatException(label, "required field '" + child(path, field) + "' is missing");
        }
        return n;
    }

    JsonNode array(JsonNode parent, String path, String field) {
        JsonNode n = required(parent, path, field);
        if (!n.isArray()) {
            throw wrongType(n, child(path, field), "an array");
        }
        return n;
    }

    JsonNode object(JsonNode n, String path) {
        if (n == null || !n.isObject()) {
            throw wrongType(n, path, "an object");
        }
        return n;
    }

    String text(JsonNode parent, String path, String field) {
        JsonNode n = required(parent, path, field);
        if (!n.isTextual()) {
            throw wrongType(n, child(path, field), "a string");
        }
        return n.textValue();
    }

    String optionalText(JsonNode parent, String path, String field) {
        JsonNode n = optional(parent, field);
        if (n != null && !n.isTextual()) {
            throw wrongType(n, child(path, field), "a string");
        }
        return n == null ? null : n.textValue();
    }

    double number(JsonNode parent, String path, String field) {
        JsonNode n = required(parent, path, field);
        if (!n.isNumber()) {
            throw wrongType(n, child(path, field), "a number");
        }
        return n.doubleValue();
    }

    double optionalNumber(JsonNode parent, String path, String field, double fallback) {
        JsonNode n = optional(parent, field);
        if (n != null && !n.isNumber()) {
            throw wrongType(n, child(path, field), "a number");
        }
        return n == null ? fallback : n.doubleValue();
    }

    int integer(JsonNode parent, String path, String field) {
        JsonNode n = required(parent, path, field);
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw wrongType(n, child(path, field), "an integer");
        }
        return n.intValue();
    }

    int optionalInteger(JsonNode parent, String path, String field, int fallback) {
        JsonNode n = optional(parent, field);
        if (n == null) {
            return fallback;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw wrongType(n, child(path, field), "an integer");
        }
        return n.intValue();
    }

    /** An array of byte values 0..255, or null when absent. */
    byte[] optionalBytes(JsonNode parent, String path, String field) {
        JsonNode n = optional(parent, field);
        if (n == null) {
            return null;
        }
        String at = child(path, field);
        if (!n.isArray()) {
            throw wrongType(n, at, "an array of byte values");
        }
        byte[] bytes = new byte[n.size()];
        for (int i = 0; i < bytes.length; i++) {
            JsonNode b = n.get(i);
            if (!b.isIntegralNumber() || b.intValue() < 0 || b.intValue() > 255) {
                throw error(element(at, i), "should be a byte value 0..255, found " + describe(b));
            }
            bytes[i] = (byte) b.intValue();
        }
        return bytes;
    }

    TraceFormatException wrongType(JsonNode n, String path, String expected) {
        return error(path, "should be " + expected + ", found " + describe(n));
    }

    static String describe(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        if (n.isObject()) {
            return "an object";
        }
        if (n.isArray()) {
            return "an array";
        }
        if (n.isTextual()) {
            return "a string";
        }
        if (n.isNumber()) {
            return "a number";
        }
        if (n.isBoolean()) {
            return "a boolean";
        }
        return "null";
    }
}
