package io.relayscope.engine;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the embedded demo models: {@code assets/models} under the system property {@code relayscope.home},
 * the working directory, or the folder above the running jar.
 */
public final class DemoModels {
    public static final String LLM = "tiny-llm";
    public static final String SLM_BASE = "tiny-slm-base";
    public static final String SLM_RELAY = "tiny-slm-relay";
    /** The paper's no-call baseline: the base SLM trained on the relay warm-up's data and steps without calls. */
    public static final String SLM_NOCALL = "tiny-slm-nocall";

    private DemoModels() {
    }

    public static Path assetsDir() {
        String home = System.getProperty("relayscope.home");
        if (home != null) {
            return Path.of(home, "assets");
        }
        Path cwd = Path.of("assets");
        if (Files.isDirectory(cwd.resolve("models"))) {
            return cwd.toAbsolutePath();
        }
        try {
            Path jar = Path.of(DemoModels.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = jar.getParent(); p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("assets/models"))) {
                    return p.resolve("assets");
                }
            }
        } catch (Exception ignored) {
            // fall through to the working directory
        }
        return cwd.toAbsolutePath();
    }

    public static Path model(String name) {
        return assetsDir().resolve("models").resolve(name);
    }

    public static Path llm() {
        return model(LLM);
    }

    public static Path slmBase() {
        return model(SLM_BASE);
    }

    /** The relay-trained SLM when it exists, else the base SLM. */
    public static Path defaultSlm() {
        Path relay = model(SLM_RELAY);
        return Files.isRegularFile(relay.resolve("model.onnx")) ? relay : slmBase();
    }

    /** The no-call baseline SLM when it is there. */
    public static java.util.Optional<Path> slmNocall() {
        Path nocall = model(SLM_NOCALL);
        return Files.isRegularFile(nocall.resolve("model.onnx")) ? java.util.Optional.of(nocall) : java.util.Optional.empty();
    }

    public static Path dataset(String name) {
        return assetsDir().resolve("datasets").resolve(name);
    }
}
