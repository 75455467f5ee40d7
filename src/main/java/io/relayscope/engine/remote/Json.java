package io.relayscope.engine.remote;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Jackson for server responses (bounded nesting and string sizes) and error messages out of them. */
final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder(new com.fasterxml.jackson.core.JsonFactoryBuilder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64)
                    .maxStringLength(16 << 20).build()).build()).build();

    private Json() {
    }

    /** The message of an error object or string, on one line and at most 300 characters. */
    static String message(JsonNode error) {
        String m;
        if (error == null || error.isNull() || error.isMissingNode()) {
            m = "no details";
        } else if (error.isTextual()) {
            m = error.asText();
        } else if (error.has("message")) {
            m = error.path("message").asText();
        } else if (error.has("error")) {
            return message(error.get("error"));
        } else {
            m = error.toString();
        }
        m = m.replaceAll("\\s+", " ").strip();
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }
}
