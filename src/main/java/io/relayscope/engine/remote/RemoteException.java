package io.relayscope.engine.remote;

import io.relayscope.engine.UserFacingException;

/** A remote call that failed for good: the message names the endpoint and what went wrong, on one line. */
public final class RemoteException extends UserFacingException {
    private final boolean transientFault;

    RemoteException(String message, boolean transientFault) {
        super(message);
        this.transientFault = transientFault;
    }

    /** Whether retrying later might succeed (a refused connection, a timeout, 5xx, 429, a broken stream). */
    public boolean isTransient() {
        return transientFault;
    }
}
