package io.relayscope.engine.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * A server on loopback that behaves as Ollama's OpenAI-compatible /v1 does, in front of a real {@code relayscope
 * serve}: /v1/models names its model as owned by "library"; /v1/completions takes text prompts only (a token-id
 * prompt gets Ollama's 400 "json: cannot unmarshal array into Go struct field CompletionRequest.prompt of type
 * string"), keeps no stop string in its text and says only finish_reason "stop" (no stop_reason), returns no token ids,
 * no entropies and no cached-token counts, and offers text logprobs (token strings, as Ollama 0.12.11+) unless built
 * without them (as LM Studio); no /tokenize. Every token's text is printed, control tokens included.
 */
final class TextOnlyServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String OLLAMA_ARRAY_ERROR =
            "json: cannot unmarshal array into Go struct field CompletionRequest.prompt of type string";

    private final HttpServer server;
    private final URI upstream;
    private final String model;
    private final boolean logprobs;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** The completion request bodies as they came. */
    final List<JsonNode> requests = new CopyOnWriteArrayList<>();

    TextOnlyServer(URI upstream, String model, boolean logprobs) throws IOException {
        this.upstream = upstream;
        this.model = model;
        this.logprobs = logprobs;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "text-only-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/v1/models")) {
                ObjectNode root = JSON.createObjectNode().put("object", "list");
                root.putArray("data").addObject().put("id", model).put("object", "model").put("created", 0)
                        .put("owned_by", "library");
                send(ex, 200, root);
                return;
            }
            if (!path.equals("/v1/completions")) {
                send(ex, 404, JSON.createObjectNode().put("error", "404 page not found"));
                return;
            }
            JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
            requests.add(body);
            if (!body.path("prompt").isTextual()) {
                ObjectNode err = JSON.createObjectNode();
                err.putObject("error").put("message", OLLAMA_ARRAY_ERROR).put("type", "invalid_request_error")
                        .putNull("param").putNull("code");
                send(ex, 400, err);
                return;
            }
            forward(ex, (ObjectNode) body);
        } catch (IOException | InterruptedException e) {
            // the client went away or the server closes
        }
    }

    private void forward(HttpExchange ex, ObjectNode body) throws IOException, InterruptedException {
        ObjectNode up = body.deepCopy();
        up.put("skip_special_tokens", false);
        up.put("include_stop_str_in_output", false);
        up.remove("return_tokens_as_token_ids");
        if (!logprobs) {
            up.remove("logprobs");
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create(upstream + "/v1/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(up))).build();
        HttpResponse<Stream<String>> r = client.send(req, HttpResponse.BodyHandlers.ofLines());
        ex.getResponseHeaders().set("Content-Type", r.statusCode() == 200 ? "text/event-stream" : "application/json");
        ex.sendResponseHeaders(r.statusCode(), 0);
        OutputStream out = ex.getResponseBody();
        for (Iterator<String> it = r.body().iterator(); it.hasNext(); ) {
            String line = it.next();
            if (line.startsWith("data:") && !line.contains("[DONE]")) {
                ObjectNode event = (ObjectNode) JSON.readTree(line.substring(5).strip());
                event.put("model", model);
                for (JsonNode c : event.path("choices")) {
                    ObjectNode choice = (ObjectNode) c;
                    choice.remove("stop_reason");
                    choice.remove("token_ids");
                    if (choice.get("logprobs") instanceof ObjectNode lp) {
                        lp.remove("entropies");
                    }
                }
                if (event.get("usage") instanceof ObjectNode usage) {
                    usage.remove("prompt_tokens_details");
                }
                line = "data: " + JSON.writeValueAsString(event);
            }
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
