package io.relayscope.engine;

/** Process-wide DJL settings: the engine name and the offline flags, set before any DJL class loads. */
public final class EngineSetup {
    public static final String ENGINE = "OnnxRuntime";

    private EngineSetup() {
    }

    /**
     * Sets ai.djl.offline and OPT_OUT_TRACKING unless the launcher already did, and points ONNX Runtime at its
     * cached native libraries ({@link OrtNatives}).
     */
    public static void ensureOffline() {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        System.setProperty("OPT_OUT_TRACKING", System.getProperty("OPT_OUT_TRACKING", "true"));
        OrtNatives.prepare();
    }
}
