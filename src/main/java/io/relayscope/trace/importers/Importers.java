package io.relayscope.trace.importers;

import com.fasterxml.jackson.databind.JsonNode;
import io.relayscope.trace.SafeJson;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;
import io.relayscope.trace.TraceFormatException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Recognises another tool's output by its content and imports it as traces. */
public final class Importers {

    /** Every importer, in the order {@link #detect} tries them. */
    public static final List<TraceImporter> ALL = List.of(
            new OpenAiLogprobsImporter(), new LlamaCppImporter(), new RelayLlmResultsImporter());

    private Importers() {
    }

    /**
     * The importer for the file's content.
     *
     * @throws TraceFormatException with a one-line message if the content is not JSON, is already a RelayScope
     *                              trace, or matches no known format
     */
    public static TraceImporter detect(Path file) throws IOException {
        return detect(SafeJson.readTree(file, ImportOptions.DEFAULT.limits()), SafeJson.label(file));
    }

    /** The importer for already parsed content; {@code label} names the file in messages. */
    public static TraceImporter detect(JsonNode root, String label) {
        if (root.isObject() && TraceCodec.FORMAT.equals(root.path("format").asText(null))) {
            throw new TraceFormatException(label, "is already a RelayScope trace; open it instead of importing it");
        }
        for (TraceImporter importer : ALL) {
            if (importer.accepts(root)) {
                return importer;
            }
        }
        throw new TraceFormatException(label, "unknown content: expected an OpenAI chat completion with logprobs "
                + "(choices[].logprobs.content), a llama.cpp /completion response with n_probs "
                + "(completion_probabilities) or RelayLLM results (response, large_model_contributions)");
    }

    /** Imports a file of any known format (a RelayScope trace is simply read); one trace per completion. */
    public static List<Trace> importFile(Path file, ImportOptions options) throws IOException {
        JsonNode root = SafeJson.readTree(file, options.limits());
        String label = SafeJson.label(file);
        if (root.isObject() && TraceCodec.FORMAT.equals(root.path("format").asText(null))) {
            return List.of(TraceCodec.read(file, options.limits()));
        }
        return detect(root, label).importTree(root, label, options);
    }
}
