package io.relayscope.trace;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes valid traces of millions of tokens straight as JSON text (fast, no Trace in memory). */
public final class BigTraceFiles {
    private BigTraceFiles() {
    }

    /** A valid trace of {@code tokens} tokens (10 prompt), each with {@code alternatives} alternatives. */
    public static Path write(Path file, int tokens, int alternatives) throws IOException {
        String small = TraceCodec.writeString(TraceSamples.small());
        // the sample's header, then our tokens and a matching summary
        String header = small.substring(small.indexOf("\"header\""), small.indexOf("\"tokens\""));
        int prompt = 10;
        int response = tokens - prompt;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("{\"format\":\"relayscope-trace\",\"formatVersion\":\"1.0\",");
            w.write(header);
            w.write("\"tokens\":[\n");
            StringBuilder alts = new StringBuilder("[");
            for (int k = 0; k < alternatives; k++) {
                alts.append(k == 0 ? "" : ",").append('[').append(100 + k).append(",\" a").append(k).append("\",0.0").append(k + 1).append(']');
            }
            alts.append(']');
            for (int i = 0; i < tokens; i++) {
                w.write(i == 0 ? "" : ",\n");
                if (i < prompt) {
                    w.write("{\"index\":" + i + ",\"id\":7,\"text\":\" p\",\"source\":\"PROMPT\",\"logprob\":null,\"entropy\":null}");
                } else {
                    w.write("{\"index\":" + i + ",\"id\":" + (i % 250) + ",\"text\":\" w\",\"source\":\"SLM\",\"logprob\":-0.25,"
                            + "\"entropy\":0.5,\"alternatives\":" + alts + ",\"latencyUs\":120}");
                }
            }
            w.write("],\n\"calls\":[],\n\"summary\":{\"promptTokens\":" + prompt + ",\"slmTokens\":" + response
                    + ",\"llmTokens\":0,\"commandTokens\":0,\"calls\":0,\"llmTokenRatio\":0.0,\"finishReason\":\"MAX_TOKENS\","
                    + "\"error\":null,\"wallUs\":1,\"slmCost\":null,\"llmCost\":null,\"savingVsLlmOnly\":0.0,\"responseText\":\"\"}}\n");
        }
        return file;
    }
}
