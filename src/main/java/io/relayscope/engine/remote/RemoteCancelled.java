package io.relayscope.engine.remote;

/** Thrown when the caller's stop flag was raised while a remote call was in flight. */
public final class RemoteCancelled extends RuntimeException {
    RemoteCancelled() {
        super("cancelled", null, false, false);
    }
}
