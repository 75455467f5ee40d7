package io.relayscope.engine;

/** The application version written into traces. */
public final class Version {
    public static final String APP = "0.1.0";

    private Version() {
    }
}
