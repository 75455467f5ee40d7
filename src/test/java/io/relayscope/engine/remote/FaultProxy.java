package io.relayscope.engine.remote;

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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * A fault-injecting HTTP server on loopback in front of a real upstream ({@code relayscope serve}): each completion
 * request takes the next scripted fault (or passes through when none is left), so tests see real answers broken
 * in the ways real networks and servers break them.
 */
public final class FaultProxy implements AutoCloseable {

    /** What to do with one completion request. */
    sealed interface Fault permits Status, Malformed, Truncate, Stall, Rename {
    }

    /** Answer with this status (and Retry-After when given) without asking upstream. */
    record Status(int code, String retryAfter) implements Fault {
    }

    /** A 200 event stream whose first event is not JSON. */
    record Malformed() implements Fault {
    }

    /** Pass the first {@code events} events through, then close the connection. */
    record Truncate(int events) implements Fault {
    }

    /** Pass the first {@code events} events through, then send nothing more (the connection stays open). */
    record Stall(int events) implements Fault {
    }

    /** Pass through with the model field of every event renamed. */
    record Rename(String model) implements Fault {
    }

    private final HttpServer server;
    private final URI upstream;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ConcurrentLinkedQueue<Fault> script = new ConcurrentLinkedQueue<>();
    final List<String> completionBodies = new CopyOnWriteArrayList<>();
    private final java.util.Map<String, String> answers = new java.util.concurrent.ConcurrentHashMap<>();

    public FaultProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-proxy");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    FaultProxy then(Fault... faults) {
        script.addAll(List.of(faults));
        return this;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    /** Answers GETs of this path with this JSON instead of asking upstream (e.g. /props, or /v1/models as llama.cpp). */
    public FaultProxy answering(String path, String json) {
        answers.put(path, json);
        return this;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String answer = answers.get(ex.getRequestURI().getPath());
            if (answer != null) {
                byte[] b = answer.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
                return;
            }
            boolean completion = ex.getRequestURI().getPath().endsWith("/completions");
            Fault fault = completion ? script.poll() : null;
            if (completion) {
                completionBodies.add(new String(body, StandardCharsets.UTF_8));
            }
            if (fault instanceof Status s) {
                if (s.retryAfter() != null) {
                    ex.getResponseHeaders().set("Retry-After", s.retryAfter());
                }
                byte[] msg = ("{\"error\":{\"message\":\"injected " + s.code() + "\"}}").getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(s.code(), msg.length);
                ex.getResponseBody().write(msg);
                return;
            }
            if (fault instanceof Malformed) {
                ex.getResponseHeaders().set("Content-Type", "text/event-stream");
                ex.sendResponseHeaders(200, 0);
                ex.getResponseBody().write("data: {\"choices\": [{\"text\": \"x\", \n\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            forward(ex, body, fault);
        } catch (IOException | InterruptedException e) {
            // the client went away or the proxy closes
        }
    }

    private void forward(HttpExchange ex, byte[] body, Fault fault) throws IOException, InterruptedException {
        String path = ex.getRequestURI().getPath();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(upstream + path));
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null) {
            b.header("Authorization", auth);
        }
        b.method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json");
        HttpResponse<Stream<String>> r = client.send(b.build(), HttpResponse.BodyHandlers.ofLines());
        r.headers().firstValue("Content-Type").ifPresent(v -> ex.getResponseHeaders().set("Content-Type", v));
        ex.sendResponseHeaders(r.statusCode(), 0);
        OutputStream out = ex.getResponseBody();
        int events = 0;
        for (Iterator<String> it = r.body().iterator(); it.hasNext(); ) {
            String line = it.next();
            if (line.startsWith("data:")) {
                if (fault instanceof Truncate t && events == t.events()) {
                    out.flush();
                    return;
                }
                if (fault instanceof Stall s && events == s.events()) {
                    out.flush();
                    Thread.sleep(60_000);
                    return;
                }
                events++;
                if (fault instanceof Rename n) {
                    line = line.replaceFirst("\"model\":\"[^\"]*\"", "\"model\":\"" + n.model() + "\"");
                }
            }
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
