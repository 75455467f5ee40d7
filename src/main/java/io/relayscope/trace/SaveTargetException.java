package io.relayscope.trace;

import java.io.IOException;

/** A save target that cannot be written (missing folder, a folder, not writable); the message is one line naming the file and the fix. */
public final class SaveTargetException extends IOException {

    private static final long serialVersionUID = 1L;

    public SaveTargetException(String message) {
        super(message);
    }
}
