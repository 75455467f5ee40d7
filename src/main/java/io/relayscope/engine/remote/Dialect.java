package io.relayscope.engine.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One completion API: where to post, the request body, and how a streamed event updates the attempt's state. */
interface Dialect {

    String path();

    ObjectNode body(RemoteRequest request, String model, ServerKind kind);

    /** Reads one event's JSON into the state; a {@link Fault} for an error event or a model that changed. */
    void accept(JsonNode event, String model, StreamState state) throws Fault;

    /** Whether this data line ends the stream by itself (OpenAI's [DONE]). */
    default boolean isEnd(String data) {
        return "[DONE]".equals(data);
    }

    static Dialect of(RemoteApi api) {
        return api == RemoteApi.LLAMACPP ? new LlamaCppDialect() : new OpenAiDialect(); // TEXT: /v1/completions, text prompts
    }
}
