package io.relayscope.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * ONNX Runtime's native libraries, extracted once into a fixed cache folder instead of a new temporary folder on
 * every start: {@code <cache>/onnxruntime/<version>-<os>-<arch>/}, where the cache is {@code relayscope.cache}
 * (system property), else {@code $XDG_CACHE_HOME/relayscope}, else {@code ~/.cache/relayscope}. ONNX Runtime is
 * pointed there with its {@code onnxruntime.native.path} property before it loads. Each library is written to a
 * temporary file and renamed into place, so concurrent first starts never see half a library. When anything is
 * off (the user set the property, a platform the jar has no libraries for, an unwritable cache) nothing is set
 * and ONNX Runtime falls back to its own extraction.
 *
 * <p>ONNX Runtime (1.21 to 1.23 at least) still creates an empty {@code onnxruntime-java<digits>} folder in
 * {@code java.io.tmpdir} at every load, even with the native path set, and removes it only at a normal exit
 * ({@code deleteOnExit}): every killed process left one behind. With the libraries loaded from a native path the
 * folder is never used (provider libraries are looked up in the native path too), so {@link #loaded} removes it
 * right after the load: a process killed later leaves nothing.
 */
public final class OrtNatives {

    /** ONNX Runtime's own property: the folder its libraries are loaded from. */
    public static final String NATIVE_PATH = "onnxruntime.native.path";

    private static final List<String> LIBRARIES = List.of("onnxruntime", "onnxruntime4j_jni");

    private static volatile boolean done;
    private static volatile boolean tidied;

    private OrtNatives() {
    }

    /** Points ONNX Runtime at the cache folder, extracting the libraries the first time; idempotent. */
    public static synchronized void prepare() {
        if (done) {
            return;
        }
        done = true;
        if (System.getProperty(NATIVE_PATH) != null) {
            return;
        }
        try {
            Path folder = extract(cacheRoot());
            if (folder != null) {
                System.setProperty(NATIVE_PATH, folder.toString());
            }
        } catch (IOException | RuntimeException e) {
            // ONNX Runtime extracts into a temporary folder itself
        }
    }

    /**
     * Called once ONNX Runtime has loaded (after {@code OrtEnvironment.getEnvironment()}): removes its empty
     * temporary folder when the libraries came from a native path; idempotent, best effort.
     */
    public static synchronized void loaded() {
        if (tidied) {
            return;
        }
        tidied = true;
        if (System.getProperty(NATIVE_PATH) == null) {
            return; // ONNX Runtime extracted its libraries into that folder itself: its own to remove at exit
        }
        Path temp = ortTempFolder();
        if (temp != null) {
            try {
                Files.deleteIfExists(temp); // only when empty: a folder with anything in it is left alone
            } catch (IOException | RuntimeException e) {
                // not empty or not ours to remove: ONNX Runtime removes it at a normal exit
            }
        }
    }

    /** ONNX Runtime's temporary folder of this process (its private {@code OnnxRuntime.tempDirectory}); null if unknown. */
    static Path ortTempFolder() {
        try {
            java.lang.reflect.Field field = Class.forName("ai.onnxruntime.OnnxRuntime").getDeclaredField("tempDirectory");
            field.setAccessible(true);
            return field.get(null) instanceof Path p ? p : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // another ONNX Runtime release: nothing removed
        }
    }

    /** The folder holding this ONNX Runtime's libraries under {@code root}, extracted if missing; null if the jar has none for this platform. */
    static Path extract(Path root) throws IOException {
        String platform = platform();
        String version = version();
        if (platform == null || version == null) {
            return null;
        }
        Path folder = root.resolve("onnxruntime").resolve(version + "-" + platform);
        for (String name : LIBRARIES) {
            String file = System.mapLibraryName(name);
            String resource = "/ai/onnxruntime/native/" + platform + "/" + file;
            Path target = folder.resolve(file);
            try (InputStream in = OrtNatives.class.getResourceAsStream(resource)) {
                if (in == null) {
                    return null;
                }
                if (Files.isRegularFile(target)) {
                    continue; // extracted by an earlier start (renamed in whole, so complete)
                }
                Files.createDirectories(folder);
                Path temp = Files.createTempFile(folder, "." + file + ".", ".tmp");
                try {
                    Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                    try {
                        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
        }
        return folder;
    }

    /** The cache root: {@code relayscope.cache}, {@code $XDG_CACHE_HOME/relayscope} or {@code ~/.cache/relayscope}. */
    public static Path cacheRoot() {
        String property = System.getProperty("relayscope.cache");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "relayscope");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "relayscope");
    }

    /** ONNX Runtime's version from its jar's manifest, e.g. 1.21.1. */
    static String version() {
        Package p = ai.onnxruntime.OrtEnvironment.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null || v.isBlank() ? null : v.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** The platform folder name inside the ONNX Runtime jar (linux-x64, osx-aarch64, win-x64, ...). */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.contains("mac") || os.contains("darwin") ? "osx" : os.contains("win") ? "win" : os.contains("nux") ? "linux" : null;
        String a = arch.startsWith("amd64") || arch.startsWith("x86_64") ? "x64" : arch.startsWith("aarch64") ? "aarch64" : null;
        return o == null || a == null ? null : o + "-" + a;
    }
}
