package io.relayscope.serve;

/** A request the server refuses: the HTTP status, the OpenAI error type and a one-line message naming the fix. */
final class ApiError extends RuntimeException {
    private final int status;
    private final String type;

    ApiError(int status, String type, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, "invalid_request_error", message);
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }
}
