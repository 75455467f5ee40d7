package io.relayscope.trace;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Writes a file all-or-nothing: the content goes to a temporary file {@code .NAME.<hex>.tmp} in the same folder,
 * is flushed to disk, then renamed over the target (atomically where the file system can). A failure leaves the
 * old file as it was. The writer holds a lock on its temporary file, so that a temporary file nobody holds (its
 * writer was killed) is recognised as stale and removed by the next save to that name or by {@link #removeStaleTemps}.
 */
public final class AtomicFiles {

    /** Our temporary files: a dot, the target's name, a dot, hex digits, ".tmp". */
    private static final Pattern TEMP = Pattern.compile("\\..+\\.[0-9a-f]{1,16}\\.tmp");

    /** A temporary file this young and still empty may be one a writer has created but not locked yet. */
    private static final Duration UNLOCKED_GRACE = Duration.ofMillis(200);

    private static final int LINK_HOPS = 16;

    /**
     * The temporary files this process is writing. A cleaner must not even open those: on Linux closing any channel
     * of a file drops this process's locks on it.
     */
    private static final java.util.Set<Path> WRITING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Something that writes the whole content of a file to a stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Checks, before any work is done, that {@code target} can be saved: its folder exists and is writable and the
     * target is not a folder or a special file. A symbolic link is followed (also several, also dangling ones whose
     * folder exists). Removes our stale temporary files of that name.
     *
     * @throws SaveTargetException with a one-line message naming the file and the fix
     */
    public static SaveTarget checkTarget(Path target) throws SaveTargetException {
        Path requested = target;
        Path file = target.toAbsolutePath().normalize();
        boolean followed = false;
        for (int hop = 0; Files.isSymbolicLink(file); hop++) {
            if (hop == LINK_HOPS) {
                throw new SaveTargetException(requested + ": too many levels of symbolic links; give the real file");
            }
            try {
                Path link = Files.readSymbolicLink(file);
                file = file.resolveSibling(link).toAbsolutePath().normalize();
            } catch (IOException e) {
                throw new SaveTargetException(requested + ": cannot read the symbolic link (" + e.getMessage() + ")");
            }
            followed = true;
        }
        String via = followed ? " (the symbolic link " + requested + " points there)" : "";
        if (file.getFileName() == null || Files.isDirectory(file)) {
            throw new SaveTargetException(file + " is a folder" + via + "; give a file name, e.g. "
                    + file.resolve("trace.json"));
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new SaveTargetException(file + " is not a regular file" + via + "; give another file name");
        }
        Path dir = file.getParent();
        if (!Files.exists(dir)) {
            throw new SaveTargetException("the folder " + dir + " does not exist" + via + "; create it first (mkdir -p "
                    + dir + ") or give another file");
        }
        if (!Files.isDirectory(dir)) {
            throw new SaveTargetException(dir + " is not a folder" + via + "; cannot save " + file.getFileName() + " in it");
        }
        String cannot = cannotCreateIn(dir);
        if (cannot != null) {
            throw new SaveTargetException("the folder " + dir + " is not writable (" + cannot + ")" + via
                    + "; give a file in a folder you can write");
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new SaveTargetException(file + " is read-only" + via + "; make it writable or give another file");
        }
        removeStaleTemps(dir, file.getFileName().toString());
        return new SaveTarget(requested, file, followed);
    }

    /**
     * Null when a file can be created in {@code dir}, else why not. It tries (a temporary file of ours, removed at
     * once): permission bits say nothing for root, nor for read-only or special file systems.
     */
    static String cannotCreateIn(Path dir) {
        Path probe = dir.resolve(".relayscope-probe." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            Files.createFile(probe);
            Files.delete(probe);
            return null;
        } catch (java.nio.file.AccessDeniedException e) {
            return "permission denied";
        } catch (IOException e) {
            String reason = e instanceof java.nio.file.FileSystemException f ? f.getReason() : null;
            return reason != null ? reason.toLowerCase(java.util.Locale.ROOT) : "it refuses new files";
        }
    }

    /** Writes the content atomically to {@code target} (its link target when it is a symbolic link), replacing any existing file. */
    public static void write(Path target, Content content) throws IOException {
        Path file = checkTarget(target).file();
        Path dir = file.getParent();
        String name = file.getFileName().toString();
        Path temp = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        boolean moved = false;
        WRITING.add(temp);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.writeTo(out);
                out.flush();
                channel.force(true);
                // renamed while still locked: a cleaner in another process never takes a finished file for stale
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
                moved = true;
            }
            syncDirectory(dir);
        } finally {
            WRITING.remove(temp);
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Writes a UTF-8 text atomically. */
    public static void writeString(Path target, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes));
    }

    /** Removes the stale temporary files of every name in {@code dir}; returns how many. */
    public static int removeStaleTemps(Path dir) {
        return removeStaleTemps(dir, null);
    }

    /**
     * Removes the temporary files that a killed writer left for {@code name} in {@code dir} ({@code null}: any name):
     * those that no process holds locked. Returns how many were removed; problems are ignored (best effort).
     */
    public static int removeStaleTemps(Path dir, String name) {
        Pattern pattern = name == null ? TEMP : Pattern.compile("\\." + Pattern.quote(name) + "\\.[0-9a-f]{1,16}\\.tmp");
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, p -> pattern.matcher(p.getFileName().toString()).matches())) {
            for (Path temp : entries) {
                if (isStale(temp)) {
                    removed += Files.deleteIfExists(temp) ? 1 : 0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: a folder we cannot list has nothing of ours to remove
        }
        return removed;
    }

    /** Whether a temporary file is stale: a regular file that no writer holds locked. */
    static boolean isStale(Path temp) throws IOException {
        if (WRITING.contains(temp.toAbsolutePath().normalize())) {
            return false;
        }
        BasicFileAttributes attrs = Files.readAttributes(temp, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attrs.isRegularFile()) {
            return false;
        }
        if (attrs.size() == 0 && attrs.lastModifiedTime().toInstant().isAfter(Instant.now().minus(UNLOCKED_GRACE))) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return false; // another process is writing it
            }
            lock.release();
            return true;
        } catch (OverlappingFileLockException e) {
            return false; // this process is writing it
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** Makes the rename itself durable where the platform allows opening a folder (Linux, macOS). */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not supported on this platform (e.g. Windows): the data itself is already on disk.
        }
    }
}
