package io.relayscope.trace;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;

import java.io.IOException;

/**
 * Lays a trace out one top-level member per line and one token (or call) per line, everything else compact:
 * small, yet readable with {@code less} and friendly to line-based diffs.
 */
final class TraceLayoutPrinter implements PrettyPrinter {

    private static boolean rootObject(JsonGenerator g) {
        return g.getOutputContext().inObject() && g.getOutputContext().getNestingDepth() == 1;
    }

    private static boolean topArray(JsonGenerator g) {
        return g.getOutputContext().inArray() && g.getOutputContext().getNestingDepth() == 2;
    }

    @Override
    public void writeRootValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw('\n');
    }

    @Override
    public void writeStartObject(JsonGenerator g) throws IOException {
        g.writeRaw('{');
    }

    @Override
    public void writeEndObject(JsonGenerator g, int entries) throws IOException {
        g.writeRaw(rootObject(g) ? "\n}\n" : "}");
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
        g.writeRaw(rootObject(g) ? ",\n  " : ",");
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(rootObject(g) ? ": " : ":");
    }

    @Override
    public void writeStartArray(JsonGenerator g) throws IOException {
        g.writeRaw('[');
    }

    @Override
    public void writeEndArray(JsonGenerator g, int values) throws IOException {
        g.writeRaw(topArray(g) && values > 0 ? "\n  ]" : "]");
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(topArray(g) ? ",\n    " : ",");
    }

    @Override
    public void beforeArrayValues(JsonGenerator g) throws IOException {
        if (topArray(g)) {
            g.writeRaw("\n    ");
        }
    }

    @Override
    public void beforeObjectEntries(JsonGenerator g) throws IOException {
        if (rootObject(g)) {
            g.writeRaw("\n  ");
        }
    }
}
