package io.relayscope.engine;

/** A failure caused by the user's input, carrying a one-line message that names the problem and the fix. */
public class UserFacingException extends RuntimeException {

    public UserFacingException(String message) {
        super(message);
    }

    public UserFacingException(String message, Throwable cause) {
        super(message, cause);
    }
}
