package io.relayscope.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.relayscope.engine.CausalLm;
import io.relayscope.engine.UserFacingException;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One local model as an OpenAI-compatible HTTP server on the JDK's own {@code com.sun.net.httpserver}:
 * {@code /v1/completions} (text or token-id prompts, streaming as server-sent events), {@code /v1/models},
 * {@code /tokenize}, {@code /detokenize} and {@code /health}. Completions run {@code maxRunning} at a time; up to
 * {@code maxQueued} more wait, and beyond that the server answers 429 with Retry-After.
 */
public final class CompletionServer implements AutoCloseable {
    private static final int SPARE_THREADS = 4;

    private final CausalLm model;
    private final ServeConfig config;
    private final HttpServer server;
    private final ExecutorService executor;
    private final PrefixCache cache;
    private final ServeStats stats = new ServeStats();
    private final Generation generation;
    private final Semaphore running;
    private final AtomicInteger admitted = new AtomicInteger();

    private CompletionServer(CausalLm model, ServeConfig config, HttpServer server, ExecutorService executor) {
        this.model = model;
        this.config = config;
        this.server = server;
        this.executor = executor;
        this.cache = new PrefixCache(model, config.cachedSequences());
        this.generation = new Generation(model, cache, stats);
        this.running = new Semaphore(Math.max(1, config.maxRunning()), true);
    }

    /**
     * Starts serving; a one-line error when the address is not loopback and no API key is set, or the port is taken.
     */
    public static CompletionServer start(CausalLm model, ServeConfig config) {
        InetAddress address = address(config.host());
        if (!address.isLoopbackAddress() && config.apiKey().isEmpty()) {
            throw new UserFacingException("--host " + config.host() + " is reachable from other machines; set an API key "
                    + "with --api-key-env VAR (clients send it as a bearer token), or keep the default 127.0.0.1");
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, config.port()), 64);
        } catch (IOException e) {
            throw new UserFacingException(config.host() + ":" + config.port() + ": cannot listen there ("
                    + e.getMessage() + "); choose another --port or stop the program that holds it");
        }
        ExecutorService executor = Executors.newFixedThreadPool(
                Math.max(1, config.maxRunning()) + config.maxQueued() + SPARE_THREADS, r -> {
                    Thread t = new Thread(r, "relayscope-serve");
                    t.setDaemon(true);
                    return t;
                });
        CompletionServer s = new CompletionServer(model, config, server, executor);
        server.createContext("/", s::handle);
        server.setExecutor(executor);
        server.start();
        return s;
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new UserFacingException("--host " + host + ": unknown host; give an address of this machine such as 127.0.0.1");
        }
    }

    /** The base address clients use, for example http://127.0.0.1:8000 (add /v1 for OpenAI clients). */
    public URI baseUri() {
        String host = server.getAddress().getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + server.getAddress().getPort());
    }

    public ServeStats stats() {
        return stats;
    }

    /** Completions running or waiting now. */
    int admitted() {
        return admitted.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            try {
                route(ex);
            } catch (ApiError e) {
                HttpJson.sendError(ex, e);
            } catch (RuntimeException e) {
                HttpJson.sendError(ex, new ApiError(500, "server_error", "the model failed: " + e.getMessage()));
            }
        } catch (IOException ignored) {
            // the client went away; nothing more to tell it
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        if (path.equals("/health")) {
            HttpJson.send(ex, 200, HttpJson.MAPPER.createObjectNode().put("status", "ok"));
            return;
        }
        if (config.apiKey().isPresent() && !config.apiKey().get().matches(ex.getRequestHeaders().getFirst("Authorization"))) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "authentication_error", "a valid API key is required: send 'Authorization: Bearer <key>'");
        }
        switch (path) {
            case "/v1/models", "/models" -> {
                requireMethod(method, "GET");
                HttpJson.send(ex, 200, models());
            }
            case "/v1/completions", "/completions" -> {
                requireMethod(method, "POST");
                completion(ex);
            }
            case "/tokenize" -> {
                requireMethod(method, "POST");
                tokenize(ex);
            }
            case "/detokenize" -> {
                requireMethod(method, "POST");
                detokenize(ex);
            }
            default -> throw new ApiError(404, "not_found_error", "no endpoint " + path + "; this server has "
                    + "/v1/completions, /v1/models, /tokenize, /detokenize and /health");
        }
    }

    private static void requireMethod(String method, String expected) {
        if (!expected.equals(method)) {
            throw new ApiError(405, "invalid_request_error", "use " + expected + " for this endpoint, not " + method);
        }
    }

    private ObjectNode models() {
        ObjectNode root = HttpJson.MAPPER.createObjectNode();
        root.put("object", "list");
        ObjectNode m = root.putArray("data").addObject();
        m.put("id", config.modelName());
        m.put("object", "model");
        m.put("created", 0);
        m.put("owned_by", "relayscope");
        m.put("max_model_len", config.maxPromptTokens() + config.maxNewTokens());
        m.put("vocab_size", model.tokenizer().vocabSize());
        m.put("tokenizer_sha256", model.tokenizer().sha256());
        return root;
    }

    private void tokenize(HttpExchange ex) throws IOException {
        JsonNode body = HttpJson.readBody(ex, config.maxBodyBytes());
        JsonNode text = body.has("prompt") ? body.get("prompt") : body.get("content");
        if (text == null || !text.isTextual()) {
            throw ApiError.badRequest("give the text to tokenize as 'prompt' (vLLM) or 'content' (llama.cpp)");
        }
        int[] ids = model.tokenizer().encode(text.asText());
        ObjectNode root = HttpJson.MAPPER.createObjectNode();
        ArrayNode tokens = root.putArray("tokens");
        for (int id : ids) {
            tokens.add(id);
        }
        root.put("count", ids.length);
        root.put("max_model_len", config.maxPromptTokens() + config.maxNewTokens());
        HttpJson.send(ex, 200, root);
    }

    private void detokenize(HttpExchange ex) throws IOException {
        JsonNode body = HttpJson.readBody(ex, config.maxBodyBytes());
        JsonNode tokens = body.get("tokens");
        if (tokens == null || !tokens.isArray()) {
            throw ApiError.badRequest("give the token ids to detokenize as 'tokens'");
        }
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            int id = tokens.get(i).asInt(-1);
            if (!tokens.get(i).isInt() || id < 0 || id >= model.tokenizer().vocabSize()) {
                throw ApiError.badRequest("'tokens[" + i + "]' is not a token id of this model");
            }
            ids[i] = id;
        }
        String text = ids.length == 0 ? "" : model.tokenizer().decode(ids);
        HttpJson.send(ex, 200, HttpJson.MAPPER.createObjectNode().put("prompt", text).put("content", text));
    }

    private void completion(HttpExchange ex) throws IOException {
        JsonNode body = HttpJson.readBody(ex, config.maxBodyBytes());
        CompletionParams params = CompletionParams.parse(body, config, model.tokenizer());
        if (admitted.incrementAndGet() > Math.max(1, config.maxRunning()) + config.maxQueued()) {
            admitted.decrementAndGet();
            stats.rejectedBusy();
            ex.getResponseHeaders().set("Retry-After", "1");
            throw new ApiError(429, "rate_limit_error", "the server is busy (" + config.maxQueued()
                    + " requests already wait); retry after 1 s");
        }
        try {
            running.acquireUninterruptibly();
            try {
                run(ex, params);
            } finally {
                running.release();
            }
        } finally {
            admitted.decrementAndGet();
        }
    }

    private void run(HttpExchange ex, CompletionParams params) throws IOException {
        CompletionJson json = new CompletionJson(model.tokenizer(), config.modelName(),
                "cmpl-" + UUID.randomUUID().toString().replace("-", ""), params);
        if (!params.stream()) {
            List<Generation.Step> steps = new ArrayList<>();
            Generation.Outcome outcome = generation.run(params, steps::add);
            HttpJson.send(ex, 200, json.response(outcome, steps));
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        Generation.Outcome outcome;
        try {
            outcome = generation.run(params, step -> {
                if (step.id() >= 0 || !step.textDelta().isEmpty()) {
                    HttpJson.event(out, HttpJson.MAPPER.writeValueAsString(json.chunk(step)));
                }
            });
        } catch (RuntimeException e) {
            ObjectNode err = HttpJson.MAPPER.createObjectNode();
            err.putObject("error").put("message", "the model failed: " + e.getMessage()).put("type", "server_error")
                    .put("code", 500);
            HttpJson.event(out, HttpJson.MAPPER.writeValueAsString(err));
            return;
        }
        HttpJson.event(out, HttpJson.MAPPER.writeValueAsString(json.finalChunk(outcome)));
        if (params.includeUsage()) {
            HttpJson.event(out, HttpJson.MAPPER.writeValueAsString(json.usageChunk(outcome)));
        }
        HttpJson.event(out, "[DONE]");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        cache.close();
    }
}
