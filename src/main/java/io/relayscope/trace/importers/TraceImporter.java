package io.relayscope.trace.importers;

import com.fasterxml.jackson.databind.JsonNode;
import io.relayscope.trace.Trace;

import java.util.List;

/** Turns another tool's JSON output into traces. */
public interface TraceImporter {

    /** A short name of the format, for messages and the trace's "appVersion" (e.g. "llama.cpp"). */
    String formatName();

    /** Whether the parsed file looks like this format (cheap structural check). */
    boolean accepts(JsonNode root);

    /**
     * Converts the parsed file; one trace per completion in it.
     *
     * @throws io.relayscope.trace.TraceFormatException with a one-line message naming {@code label} and the field
     */
    List<Trace> importTree(JsonNode root, String label, ImportOptions options);
}
