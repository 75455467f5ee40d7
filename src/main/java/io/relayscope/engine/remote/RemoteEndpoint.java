package io.relayscope.engine.remote;

import io.relayscope.engine.UserFacingException;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;

/**
 * Where a remote model lives and how to reach it: the server's base address (with or without /v1), the model name
 * (empty: the only one served), the API, an optional key, whether to skip TLS certificate checks, timeouts and the
 * number of retries after a transient failure.
 */
public record RemoteEndpoint(URI base, String model, RemoteApi api, Optional<ApiKey> apiKey, boolean insecure,
                             Duration connectTimeout, Duration readTimeout, int retries, Duration firstBackoff) {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(120);
    public static final int RETRIES = 3;
    public static final Duration BACKOFF = Duration.ofMillis(500);

    /** Parses a user's URL (http or https; a trailing / or /v1 is dropped); a one-line error when it is not one. */
    public static RemoteEndpoint of(String url, String model, RemoteApi api, Optional<ApiKey> key, boolean insecure) {
        return new RemoteEndpoint(base(url), model == null ? "" : model.strip(), api, key, insecure, CONNECT_TIMEOUT,
                READ_TIMEOUT, RETRIES, BACKOFF);
    }

    public RemoteEndpoint withTimeouts(Duration connect, Duration read, int retries, Duration firstBackoff) {
        return new RemoteEndpoint(base, model, api, apiKey, insecure, connect, read, retries, firstBackoff);
    }

    public RemoteEndpoint withModel(String name) {
        return new RemoteEndpoint(base, name, api, apiKey, insecure, connectTimeout, readTimeout, retries, firstBackoff);
    }

    static URI base(String url) {
        if (url == null || url.isBlank()) {
            throw new UserFacingException("no server URL; give one such as http://127.0.0.1:8000/v1");
        }
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        if (u.endsWith("/v1")) {
            u = u.substring(0, u.length() - 3);
        }
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            throw new UserFacingException(url + ": not a URL (" + e.getReason() + "); give one such as http://127.0.0.1:8000/v1");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new UserFacingException(url + ": not an http(s) URL with a host; give one such as http://127.0.0.1:8000/v1");
        }
        if (uri.getUserInfo() != null || uri.getQuery() != null) {
            throw new UserFacingException("the server URL holds a user, password or query; give only scheme, host, port "
                    + "and path (an API key goes in an environment variable)");
        }
        return uri;
    }

    /** An endpoint path on this server, such as /v1/completions. */
    public URI resolve(String path) {
        return URI.create(base + path);
    }

    @Override
    public String toString() {
        return base + " (" + (model.isEmpty() ? "its model" : model) + ")";
    }
}
