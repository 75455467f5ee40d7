package io.relayscope.trace;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.Arrays;

/** Typed, path-aware reading of values from a streaming parser; every mismatch becomes a one-line error. */
final class JsonInput {

    final JsonParser parser;
    final String label;

    JsonInput(JsonParser parser, String label) {
        this.parser = parser;
        this.label = label;
    }

    /** The JSON path of the current value, e.g. {@code tokens[3].source}. */
    String path() {
        return SafeJson.path(parser.getParsingContext());
    }

    TraceFormatException error(String detail) {
        return new TraceFormatException(label, "field '" + path() + "' " + detail);
    }

    /** Requires the current token to start an object. */
    void expectObject() {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw wrongType("an object");
        }
    }

    /** Requires the current token to start an array. */
    void expectArray() {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw wrongType("an array");
        }
    }

    /** Moves to the next field of the current object and onto its value; null at the object's end. */
    String nextField() throws IOException {
        JsonToken t = parser.nextToken();
        if (t == JsonToken.END_OBJECT) {
            return null;
        }
        String name = parser.currentName();
        parser.nextToken();
        return name;
    }

    /** Moves to the next element of the current array; false at the array's end. */
    boolean nextElement() throws IOException {
        return parser.nextToken() != JsonToken.END_ARRAY;
    }

    /** Moves to the next element of an array, failing when the array already holds {@code max} elements. */
    boolean nextElement(int count, int max) throws IOException {
        if (!nextElement()) {
            return false;
        }
        if (count >= max) {
            String path = path().replaceFirst("\\[\\d+]$", "");
            throw new TraceFormatException(label, "field '" + path + "' has more than " + max
                    + " entries (the limit); this is not a file RelayScope wrote, or it was tampered with");
        }
        return true;
    }

    void skip() throws IOException {
        parser.skipChildren();
    }

    boolean isNull() {
        return parser.currentToken() == JsonToken.VALUE_NULL;
    }

    String string(boolean nullable) throws IOException {
        JsonToken t = parser.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        if (t == JsonToken.VALUE_NULL && nullable) {
            return null;
        }
        throw wrongType(nullable ? "a string or null" : "a string");
    }

    boolean bool() {
        JsonToken t = parser.currentToken();
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return t == JsonToken.VALUE_TRUE;
        }
        throw wrongType("true or false");
    }

    int integer() throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw wrongType("an integer");
        }
        if (parser.getNumberType() != JsonParser.NumberType.INT) {
            throw error("is " + parser.getText() + ", out of range for a 32-bit integer");
        }
        return parser.getIntValue();
    }

    long longInteger() throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw wrongType("an integer");
        }
        JsonParser.NumberType type = parser.getNumberType();
        if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
            throw error("is " + parser.getText() + ", out of range for a 64-bit integer");
        }
        return parser.getLongValue();
    }

    /** A number; null means NaN, and the strings "Infinity", "-Infinity" and "NaN" are accepted. */
    double real() throws IOException {
        JsonToken t = parser.currentToken();
        if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
            return parser.getDoubleValue();
        }
        if (t == JsonToken.VALUE_NULL) {
            return Double.NaN;
        }
        if (t == JsonToken.VALUE_STRING) {
            switch (parser.getText()) {
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                case "NaN":
                    return Double.NaN;
                default:
                    break;
            }
        }
        throw wrongType("a number or null");
    }

    <E extends Enum<E>> E enumValue(Class<E> type, boolean nullable) throws IOException {
        String s = string(nullable);
        if (s == null) {
            return null;
        }
        E[] values = type.getEnumConstants();
        for (E e : values) {
            if (e.name().equals(s)) {
                return e;
            }
        }
        String expected = Arrays.toString(values);
        throw error("has unknown value \"" + shorten(s) + "\"; expected one of "
                + expected.substring(1, expected.length() - 1));
    }

    TraceFormatException wrongType(String expected) {
        return error("should be " + expected + ", found " + describe(parser.currentToken()));
    }

    TraceFormatException missing(String field) {
        String at = path();
        return new TraceFormatException(label, "required field '" + (at.isEmpty() ? "" : at + ".") + field
                + "' is missing");
    }

    private String describe(JsonToken t) {
        if (t == null) {
            return "the end of the file";
        }
        switch (t) {
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return t.asString() == null ? t.name() : t.asString();
        }
    }

    static String shorten(String s) {
        String one = TraceFormatException.oneLine(s);
        return one.length() <= 40 ? one : one.substring(0, 37) + "...";
    }
}
