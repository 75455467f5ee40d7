package io.relayscope.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relayscope.trace.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * SHA-256 of files, streamed. The weights hash covers a graph and its external data files in the order the graph
 * names them, so it identifies the weights, not just the graph; it is remembered in
 * {@code <cache>/weights-sha256.json} by absolute path, size and modification time (hashing runs at ~400 MB/s, so a
 * 7 GB model would otherwise cost ~17 s at every open). The cache folder is {@link OrtNatives#cacheRoot()}.
 */
final class Hashing {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Hashing() {
    }

    static String sha256(Path file) {
        return sha256(List.of(file));
    }

    /** One SHA-256 over the concatenated bytes of the files. */
    static String sha256(List<Path> files) {
        MessageDigest md = digest();
        byte[] buf = new byte[1 << 20];
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                }
            } catch (IOException e) {
                throw new UserFacingException(file + ": cannot read (" + e.getMessage() + ")");
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The weights hash of a graph with its external data, from the cache when no file changed since. */
    static synchronized String weights(Path graph, List<Path> externalData) {
        List<Path> files = new java.util.ArrayList<>();
        files.add(graph);
        files.addAll(externalData);
        String key = stamp(files);
        Path cacheFile = OrtNatives.cacheRoot().resolve("weights-sha256.json");
        ObjectNode cache = readCache(cacheFile);
        String id = graph.toAbsolutePath().normalize().toString();
        if (cache.path(id).path("stamp").asText("").equals(key)) {
            return cache.path(id).path("sha256").asText();
        }
        String sha = sha256(files);
        cache.putObject(id).put("stamp", key).put("sha256", sha);
        try {
            Files.createDirectories(cacheFile.getParent());
            AtomicFiles.writeString(cacheFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(cache));
        } catch (IOException | RuntimeException e) {
            // the cache only saves time; a read-only home still gets the right hash
        }
        return sha;
    }

    /** Path, size and modification time (ns) of every file: what must be unchanged to reuse a hash. */
    private static String stamp(List<Path> files) {
        StringBuilder sb = new StringBuilder();
        for (Path f : files) {
            try {
                sb.append(f.toAbsolutePath().normalize()).append('|').append(Files.size(f)).append('|')
                        .append(Files.getLastModifiedTime(f).to(TimeUnit.NANOSECONDS)).append(';');
            } catch (IOException e) {
                throw new UserFacingException(f + ": cannot read (" + e.getMessage() + ")");
            }
        }
        return sb.toString();
    }

    private static ObjectNode readCache(Path file) {
        try {
            if (Files.isRegularFile(file) && JSON.readTree(file.toFile()) instanceof ObjectNode o) {
                return o;
            }
        } catch (IOException | RuntimeException e) {
            // a broken cache is rebuilt
        }
        return JSON.createObjectNode();
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
