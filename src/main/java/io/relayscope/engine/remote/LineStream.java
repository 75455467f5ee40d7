package io.relayscope.engine.remote;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLException;

/**
 * A response read line by line from our own queue of body chunks, so that the reader can give up at any moment:
 * when the caller's stop flag rises (checked every 50 ms, before and after the headers) or when no byte has arrived
 * for the idle timeout (a stream that stopped). Connection failures become {@link Fault}s saying what happened.
 */
final class LineStream implements AutoCloseable {
    private static final long POLL_MILLIS = 50;
    private static final Object END = new Object();

    private final HttpResponse<Flow.Publisher<List<ByteBuffer>>> response;
    private final LinkedBlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
    private final Duration idle;
    private final BooleanSupplier cancelled;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private volatile Flow.Subscription subscription;
    private ByteBuffer current;
    private boolean ended;

    private LineStream(HttpResponse<Flow.Publisher<List<ByteBuffer>>> response, Duration idle, BooleanSupplier cancelled) {
        this.response = response;
        this.idle = idle;
        this.cancelled = cancelled;
        response.body().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(1);
            }

            @Override
            public void onNext(List<ByteBuffer> item) {
                chunks.add(item);
                subscription.request(1);
            }

            @Override
            public void onError(Throwable t) {
                chunks.add(t);
            }

            @Override
            public void onComplete() {
                chunks.add(END);
            }
        });
    }

    /** Sends the request and waits for the headers (the stop flag checked meanwhile). */
    static LineStream open(HttpClient client, HttpRequest request, Duration idle, BooleanSupplier cancelled)
            throws Fault {
        CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> future =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofPublisher());
        while (true) {
            if (cancelled.getAsBoolean()) {
                future.cancel(true);
                throw new RemoteCancelled();
            }
            try {
                return new LineStream(future.get(POLL_MILLIS, TimeUnit.MILLISECONDS), idle, cancelled);
            } catch (TimeoutException e) {
                // poll again
            } catch (InterruptedException e) {
                future.cancel(true);
                Thread.currentThread().interrupt();
                throw new RemoteCancelled();
            } catch (ExecutionException e) {
                throw describe(e.getCause());
            }
        }
    }

    /** A connection failure as a fault: which kind, and whether another try may help. */
    static Fault describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return Fault.permanent("unknown host; check the address");
            }
            if (t instanceof SSLException) {
                return Fault.permanent("TLS failure (" + oneLine(t) + "); check the certificate, or use --insecure "
                        + "for a self-signed lab server");
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return Fault.retry("connection timed out");
            }
            if (t instanceof HttpTimeoutException) {
                return Fault.retry("no response within the read timeout");
            }
            if (t instanceof ConnectException) {
                return Fault.retry("connection refused; is the server running there?");
            }
        }
        return Fault.retry("connection failed (" + oneLine(e) + ")");
    }

    static String oneLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    int status() {
        return response.statusCode();
    }

    Optional<String> header(String name) {
        return response.headers().firstValue(name);
    }

    /** The next line without its line ending, or null at the end of the body. */
    String nextLine() throws Fault {
        while (true) {
            if (current != null && current.hasRemaining()) {
                while (current.hasRemaining()) {
                    byte b = current.get();
                    if (b == '\n') {
                        return takeLine();
                    }
                    line.write(b);
                }
                continue;
            }
            if (ended) {
                return line.size() > 0 ? takeLine() : null;
            }
            Object next = poll();
            if (next == END) {
                ended = true;
            } else if (next instanceof Throwable t) {
                throw Fault.retry("the response broke off (" + oneLine(t) + ")");
            } else {
                @SuppressWarnings("unchecked")
                List<ByteBuffer> buffers = (List<ByteBuffer>) next;
                int size = buffers.stream().mapToInt(ByteBuffer::remaining).sum();
                ByteBuffer joined = ByteBuffer.allocate(size);
                buffers.forEach(joined::put);
                joined.flip();
                current = joined;
            }
        }
    }

    /** The whole body (at most maxBytes of it) as text, for error responses. */
    String body(int maxBytes) throws Fault {
        StringBuilder out = new StringBuilder();
        String l;
        while ((l = nextLine()) != null && out.length() < maxBytes) {
            out.append(l).append('\n');
        }
        return out.toString();
    }

    private Object poll() throws Fault {
        long deadline = System.nanoTime() + idle.toNanos();
        while (true) {
            if (cancelled.getAsBoolean()) {
                close();
                throw new RemoteCancelled();
            }
            try {
                Object next = chunks.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (next != null) {
                    return next;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new RemoteCancelled();
            }
            if (System.nanoTime() > deadline) {
                close();
                throw Fault.retry("the stream stopped: nothing arrived for " + (idle.toMillis() < 1000 ? idle.toMillis() + " ms" : idle.toSeconds() + " s"));
            }
        }
    }

    private String takeLine() {
        String s = line.toString(StandardCharsets.UTF_8);
        line.reset();
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public void close() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
