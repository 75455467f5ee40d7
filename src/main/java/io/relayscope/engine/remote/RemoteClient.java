package io.relayscope.engine.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relayscope.engine.TextTokenizer;
import io.relayscope.engine.Version;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/**
 * A connection to a model server (java.net.http): on {@link #connect} it reads /v1/models, picks the model and the
 * API, and can check the server's tokenizer against a local one; {@link #complete} streams one completion,
 * retrying transient faults with exponential backoff (honouring Retry-After) and resuming after the tokens that
 * already arrived. Failures end as one-line {@link RemoteException}s naming the endpoint; the API key never
 * appears in them.
 */
public final class RemoteClient implements AutoCloseable {
    private static final int ERROR_BODY_BYTES = 16 << 10;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(8);
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);
    private static final String PROBE = "Tom has 32 stamps; 17 + 12 = 29.\n  Ünïcödé ✓ <call>3</call> done";

    private final RemoteEndpoint endpoint;
    private final HttpClient http;
    private final String model;
    private final ServerKind kind;
    private final RemoteApi api;
    private final Dialect dialect;

    private RemoteClient(RemoteEndpoint endpoint, HttpClient http, String model, ServerKind kind, RemoteApi api) {
        this.endpoint = endpoint;
        this.http = http;
        this.model = model;
        this.kind = kind;
        this.api = api;
        this.dialect = Dialect.of(api);
    }

    /** Reads /v1/models (with retries), checks the model is served, and picks the API. */
    public static RemoteClient connect(RemoteEndpoint endpoint, BooleanSupplier cancelled) {
        HttpClient http = httpClient(endpoint);
        URI uri = endpoint.resolve("/v1/models");
        JsonNode models = retrying(endpoint, uri, cancelled, () -> getJson(http, endpoint, uri, cancelled));
        JsonNode data = models.path("data");
        if (!data.isArray() || data.isEmpty()) {
            throw new RemoteException(uri + ": the answer lists no models; is this an OpenAI-compatible server?", false);
        }
        List<String> names = new ArrayList<>();
        data.forEach(m -> names.add(m.path("id").asText()));
        String chosen = endpoint.model();
        if (chosen.isEmpty()) {
            if (names.size() != 1) {
                throw new RemoteException(uri + ": the server has " + names.size() + " models (" + String.join(", ", names)
                        + "); name one with the model option", false);
            }
            chosen = names.get(0);
        } else if (!names.contains(chosen)) {
            throw new RemoteException(uri + ": the server does not serve '" + chosen + "'; it serves "
                    + String.join(", ", names), false);
        }
        JsonNode entry = data.get(names.indexOf(chosen));
        ServerKind kind = ServerKind.fromOwner(entry.path("owned_by").asText(""));
        RemoteApi api = endpoint.api() != RemoteApi.AUTO ? endpoint.api()
                : kind == ServerKind.LLAMACPP ? RemoteApi.LLAMACPP : RemoteApi.OPENAI;
        return new RemoteClient(endpoint, http, chosen, kind, api);
    }

    private static HttpClient httpClient(RemoteEndpoint endpoint) {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(endpoint.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER);
        if (endpoint.insecure()) {
            try {
                SSLContext ssl = SSLContext.getInstance("TLS");
                ssl.init(null, new javax.net.ssl.TrustManager[] {new TrustAll()}, null);
                b.sslContext(ssl);
            } catch (GeneralSecurityException e) {
                throw new RemoteException("cannot set up TLS without certificate checks: " + e.getMessage(), false);
            }
        }
        return b.build();
    }

    public String model() {
        return model;
    }

    public ServerKind kind() {
        return kind;
    }

    public RemoteApi api() {
        return api;
    }

    /**
     * Whether prompts go as text: asked for ({@link RemoteApi#TEXT}), or the server takes no token-id prompts
     * (Ollama, LM Studio, an unknown OpenAI-compatible server).
     */
    public boolean textOnly() {
        return api == RemoteApi.TEXT || api != RemoteApi.LLAMACPP && !kind.acceptsTokenIdPrompts();
    }

    public RemoteEndpoint endpoint() {
        return endpoint;
    }

    /** The URL completions go to. */
    public URI completionUri() {
        return endpoint.resolve(dialect.path());
    }

    /** llama.cpp's /props (chat template, default sampling), or empty where the server has none or it fails. */
    public Optional<JsonNode> props(BooleanSupplier cancelled) {
        try {
            JsonNode props = getJson(http, endpoint, endpoint.resolve("/props"), cancelled);
            return props.isObject() ? Optional.of(props) : Optional.empty();
        } catch (Fault f) {
            return Optional.empty();
        }
    }

    /** Tokenises a probe text on the server (/tokenize) and compares with the local tokenizer. */
    public TokenizerCheck checkTokenizer(TextTokenizer local, BooleanSupplier cancelled) {
        URI uri = endpoint.resolve("/tokenize");
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", model);
        body.put("prompt", PROBE);
        body.put("content", PROBE);
        body.put("add_special_tokens", false);
        JsonNode answer;
        try {
            answer = postJson(uri, body, cancelled);
        } catch (Fault f) {
            return new TokenizerCheck(TokenizerCheck.Status.UNKNOWN, uri + ": " + f.getMessage()
                    + "; the server's tokenizer could not be checked");
        }
        JsonNode tokens = answer.path("tokens");
        int[] remote = new int[tokens.size()];
        for (int i = 0; i < remote.length; i++) {
            remote[i] = tokens.get(i).isInt() ? tokens.get(i).asInt() : tokens.get(i).path("id").asInt(-1);
        }
        int[] mine = local.encode(PROBE);
        if (Arrays.equals(remote, mine)) {
            return new TokenizerCheck(TokenizerCheck.Status.MATCH, "the server's tokenizer matches the local one ("
                    + mine.length + " probe tokens, same ids)");
        }
        int at = Arrays.mismatch(remote, mine);
        return new TokenizerCheck(TokenizerCheck.Status.MISMATCH, "the server's tokenizer differs from the local one: "
                + "a probe text gives " + remote.length + " ids there and " + mine.length + " here, first different at "
                + "position " + at + "; token ids cannot be exchanged with this server");
    }

    /**
     * Streams one completion. Each token goes to {@code onToken} as it arrives (false stops the completion); a
     * transient fault is retried up to the endpoint's retries, the retry resuming after the tokens already given.
     */
    public RemoteResult complete(RemoteRequest request, Predicate<RemoteToken> onToken, BooleanSupplier cancelled) {
        URI uri = completionUri();
        List<RemoteToken> all = new ArrayList<>();
        int promptTokens = -1;
        OptionalInt cached = OptionalInt.empty();
        for (int attempt = 0; ; attempt++) {
            RemoteRequest r = request.resumedAfter(all);
            if (r.maxTokens() <= 0) {
                return new RemoteResult(all, RemoteResult.Finish.LENGTH, null, promptTokens, cached, attempt, -1);
            }
            int before = all.size();
            try {
                StreamState s = stream(uri, r, all, onToken, cancelled);
                if (attempt == 0 || promptTokens < 0) {
                    promptTokens = s.promptTokens;
                    cached = s.cachedTokens;
                }
                int written = s.completionTokens < 0 ? -1 : before + s.completionTokens;
                return new RemoteResult(all, s.finish, s.stopString, promptTokens, cached, attempt + 1, written);
            } catch (Fault f) {
                if (!f.isTransient() || attempt >= endpoint.retries()) {
                    String tries = attempt == 0 ? "" : " (after " + (attempt + 1) + " tries)";
                    throw new RemoteException(uri + ": " + f.getMessage() + tries, f.isTransient());
                }
                sleep(backoff(attempt, f.retryAfter()), cancelled);
            }
        }
    }

    private StreamState stream(URI uri, RemoteRequest r, List<RemoteToken> all, Predicate<RemoteToken> onToken,
                               BooleanSupplier cancelled) throws Fault {
        HttpRequest req = request(uri).header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(write(dialect.body(r, model, kind)))).build();
        try (LineStream in = LineStream.open(http, req, endpoint.readTimeout(), cancelled)) {
            if (in.status() != 200) {
                throw statusFault(in);
            }
            StreamState state = new StreamState();
            String line;
            while ((line = in.nextLine()) != null) {
                if (!line.startsWith("data:")) {
                    continue;
                }
                String data = line.substring(5).strip();
                if (dialect.isEnd(data)) {
                    state.done = true;
                    break;
                }
                JsonNode event;
                try {
                    event = Json.MAPPER.readTree(data);
                } catch (JsonProcessingException e) {
                    throw Fault.retry("malformed JSON in the stream (" + e.getOriginalMessage() + ")");
                }
                dialect.accept(event, model, state);
                for (RemoteToken t : state.drain()) {
                    all.add(t);
                    if (!onToken.test(t)) {
                        state.finish = RemoteResult.Finish.STOPPED_BY_LISTENER;
                        return state;
                    }
                }
                if (state.done) {
                    break;
                }
            }
            if (!state.done || state.finish == null) {
                throw Fault.retry("the stream ended before the completion did");
            }
            return state;
        }
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(endpoint.readTimeout())
                .header("Content-Type", "application/json").header("User-Agent", "RelayScope/" + Version.APP);
        endpoint.apiKey().ifPresent(k -> b.header("Authorization", k.bearerHeader()));
        return b;
    }

    private JsonNode postJson(URI uri, JsonNode body, BooleanSupplier cancelled) throws Fault {
        HttpRequest req = request(uri).POST(HttpRequest.BodyPublishers.ofString(write(body))).build();
        return readJson(http, req, cancelled, endpoint.readTimeout());
    }

    private static JsonNode getJson(HttpClient http, RemoteEndpoint endpoint, URI uri, BooleanSupplier cancelled)
            throws Fault {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(endpoint.readTimeout()).GET()
                .header("User-Agent", "RelayScope/" + Version.APP);
        endpoint.apiKey().ifPresent(k -> b.header("Authorization", k.bearerHeader()));
        return readJson(http, b.build(), cancelled, endpoint.readTimeout());
    }

    private static JsonNode readJson(HttpClient http, HttpRequest req, BooleanSupplier cancelled, Duration idle)
            throws Fault {
        try (LineStream in = LineStream.open(http, req, idle, cancelled)) {
            if (in.status() != 200) {
                throw statusFault(in);
            }
            String body = in.body(8 << 20);
            try {
                return Json.MAPPER.readTree(body);
            } catch (JsonProcessingException e) {
                throw Fault.retry("the answer is not valid JSON (" + e.getOriginalMessage() + ")");
            }
        }
    }

    private static Fault statusFault(LineStream in) throws Fault {
        int status = in.status();
        String detail;
        String body = in.body(ERROR_BODY_BYTES);
        try {
            detail = Json.message(Json.MAPPER.readTree(body));
        } catch (JsonProcessingException e) {
            detail = Json.message(Json.MAPPER.getNodeFactory().textNode(body));
        }
        String m = "HTTP " + status + ": " + detail;
        if (status == 429) {
            return new Fault(m, true, in.header("Retry-After").flatMap(RemoteClient::seconds));
        }
        if (status == 401 || status == 403) {
            return Fault.permanent(m + "; check the API key");
        }
        if (status >= 500 || status == 408) {
            return new Fault(m, true, in.header("Retry-After").flatMap(RemoteClient::seconds));
        }
        return Fault.permanent(m);
    }

    private static Optional<Duration> seconds(String header) {
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(header.strip()))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private Duration backoff(int attempt, Optional<Duration> retryAfter) {
        if (retryAfter.isPresent()) {
            return retryAfter.get().compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter.get();
        }
        Duration d = endpoint.firstBackoff().multipliedBy(1L << Math.min(attempt, 10));
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    private static JsonNode retrying(RemoteEndpoint endpoint, URI uri, BooleanSupplier cancelled, Call call) {
        for (int attempt = 0; ; attempt++) {
            try {
                return call.run();
            } catch (Fault f) {
                if (!f.isTransient() || attempt >= endpoint.retries()) {
                    String tries = attempt == 0 ? "" : " (after " + (attempt + 1) + " tries)";
                    throw new RemoteException(uri + ": " + f.getMessage() + tries, f.isTransient());
                }
                Duration d = f.retryAfter().orElse(endpoint.firstBackoff().multipliedBy(1L << Math.min(attempt, 10)));
                sleep(d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d, cancelled);
            }
        }
    }

    private interface Call {
        JsonNode run() throws Fault;
    }

    private static void sleep(Duration d, BooleanSupplier cancelled) {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            if (cancelled.getAsBoolean()) {
                throw new RemoteCancelled();
            }
            try {
                Thread.sleep(Math.min(50, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RemoteCancelled();
            }
        }
    }

    private static String write(JsonNode body) {
        try {
            return Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        // java.net.http.HttpClient on Java 17 has no close; its threads end when it is unreachable
    }
}
