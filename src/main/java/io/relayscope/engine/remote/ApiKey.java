package io.relayscope.engine.remote;

import io.relayscope.engine.UserFacingException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * An API key, kept in memory only: it comes from an environment variable or the app's field, is sent as a bearer
 * header and never appears in a string form (toString is redacted), so it cannot reach traces, logs or messages.
 */
public final class ApiKey {
    private final byte[] value;

    private ApiKey(String value) {
        this.value = value.getBytes(StandardCharsets.UTF_8);
    }

    /** A key typed into the app (blank is no key). */
    public static Optional<ApiKey> of(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(new ApiKey(value.strip()));
    }

    /** The key in environment variable {@code name}; a one-line error naming the variable when it is unset or empty. */
    public static ApiKey fromEnv(String name, Map<String, String> env) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new UserFacingException("environment variable " + name + " is not set or empty; export " + name
                    + "=<key> first, or leave out the API-key option");
        }
        return new ApiKey(v.strip());
    }

    /** The value of an Authorization header carrying this key. */
    public String bearerHeader() {
        return "Bearer " + new String(value, StandardCharsets.UTF_8);
    }

    /** Whether an Authorization header carries this key (compared in constant time). */
    public boolean matches(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, value);
    }

    @Override
    public String toString() {
        return "ApiKey[redacted]";
    }
}
