package io.relayscope.serve;

import io.relayscope.engine.remote.ApiKey;

import java.util.Optional;

/**
 * How {@code serve} listens and what it accepts: address, optional API key, the model name it answers to, and the
 * bounds on one request (body bytes, prompt and new tokens), on concurrency (running, queued) and on the prefix cache.
 */
public record ServeConfig(String host, int port, Optional<ApiKey> apiKey, String modelName, int maxBodyBytes,
                          int maxPromptTokens, int maxNewTokens, int maxRunning, int maxQueued, int cachedSequences) {

    public static final int DEFAULT_BODY_BYTES = 1 << 20;
    public static final int DEFAULT_PROMPT_TOKENS = 8192;
    public static final int DEFAULT_NEW_TOKENS = 8192;
    public static final int DEFAULT_QUEUED = 16;
    public static final int DEFAULT_CACHED = 4;

    /** Loopback on the given port (0 picks a free one), no key, default bounds, one request running at a time. */
    public static ServeConfig loopback(int port, String modelName) {
        return new ServeConfig("127.0.0.1", port, Optional.empty(), modelName, DEFAULT_BODY_BYTES,
                DEFAULT_PROMPT_TOKENS, DEFAULT_NEW_TOKENS, 1, DEFAULT_QUEUED, DEFAULT_CACHED);
    }

    public ServeConfig withApiKey(ApiKey key) {
        return new ServeConfig(host, port, Optional.of(key), modelName, maxBodyBytes, maxPromptTokens, maxNewTokens,
                maxRunning, maxQueued, cachedSequences);
    }

    public ServeConfig withBounds(int bodyBytes, int promptTokens, int newTokens, int running, int queued) {
        return new ServeConfig(host, port, apiKey, modelName, bodyBytes, promptTokens, newTokens, running, queued,
                cachedSequences);
    }
}
