package io.relayscope.app.service;

import io.relayscope.trace.AtomicFiles;
import io.relayscope.trace.Session;
import io.relayscope.trace.TraceCodec;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The crash-recovery file of the live session (all its runs, branch tree and compare set): {@code session-<pid>.json} in a folder (by default
 * {@code ~/.cache/relayscope/recovery}), written atomically (a crash mid-save keeps the previous one). At the next
 * start the file of a process that is no longer alive is offered for restoring, then removed.
 */
public final class RecoveryFiles {
    private static final Pattern NAME = Pattern.compile("session-(\\d+)\\.json");

    private final Path folder;
    private final long pid;

    public RecoveryFiles(Path folder) {
        this(folder, ProcessHandle.current().pid());
    }

    /** The recovery file of process {@code pid} in {@code folder} (tests play another, ended process). */
    public RecoveryFiles(Path folder, long pid) {
        this.folder = folder;
        this.pid = pid;
    }

    /** Recovery off (tests that do not ask for it, read-only set-ups). */
    public static RecoveryFiles none() {
        return new RecoveryFiles(null);
    }

    /** The app's folder under the RelayScope cache ({@code relayscope.cache}, XDG_CACHE_HOME or ~/.cache). */
    public static RecoveryFiles standard() {
        return new RecoveryFiles(io.relayscope.engine.OrtNatives.cacheRoot().resolve("recovery"));
    }

    public boolean enabled() {
        return folder != null;
    }

    /** This process's recovery file. */
    public Path file() {
        return folder.resolve("session-" + pid + ".json");
    }

    /**
     * Writes the whole session atomically (background thread): every run, the branch tree and the compare set, as a
     * session file (a single run as a plain trace file).
     */
    public void save(Session session) throws IOException {
        if (folder == null) {
            return;
        }
        Files.createDirectories(folder);
        TraceCodec.writeSession(session, file());
    }

    /** Removes this process's file (the session was saved, discarded, or the app closed normally). */
    public void remove() {
        if (folder == null) {
            return;
        }
        try {
            Files.deleteIfExists(file());
        } catch (IOException e) {
            // best effort: a stale file is offered once and removed at the next start
        }
    }

    /** The recovery files left by processes that ended without closing (crashed, killed), newest first. */
    public List<Path> leftBehind() {
        List<Path> found = new ArrayList<>();
        if (folder == null || !Files.isDirectory(folder)) {
            return found;
        }
        AtomicFiles.removeStaleTemps(folder);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "session-*.json")) {
            for (Path f : files) {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (m.matches() && !alive(Long.parseLong(m.group(1)))) {
                    found.add(f);
                }
            }
        } catch (IOException e) {
            return found;
        }
        found.sort((a, b) -> Long.compare(modified(b), modified(a)));
        return found;
    }

    /** The newest left-behind session and its file, if any. */
    public Optional<Path> newestLeftBehind() {
        List<Path> all = leftBehind();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** Removes a left-behind file once it has been offered. */
    public static void discard(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // offered again next time
        }
    }

    private boolean alive(long other) {
        return other == pid || ProcessHandle.of(other).map(ProcessHandle::isAlive).orElse(false);
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
