package io.relayscope.trace;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks, before any work is done, a folder that a command will write files into (created if missing), such as
 * {@code paper-table}'s and {@code bench}'s {@code --results-dir}: every failure is one line naming the path and
 * the fix, so a bad folder is found in a second, not after minutes of model work.
 */
public final class SaveFolder {
    private SaveFolder() {
    }

    /**
     * Checks that {@code folder} is a folder one can write in, or can be created (nothing in the way, its nearest
     * existing folder writable), and that none of {@code files} inside it is a folder or a special file.
     *
     * @param option the command-line option that names the folder, for the fix (e.g. {@code --results-dir})
     * @throws SaveTargetException with one line naming the path and the fix
     */
    public static void check(Path folder, String option, List<String> files) throws SaveTargetException {
        Path dir = folder.toAbsolutePath().normalize();
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new SaveTargetException(dir + ": no part of this path exists; give " + option + " an existing folder");
        }
        if (!Files.isDirectory(existing)) {
            String what = existing.equals(dir) ? dir + " is a file, not a folder" : "cannot create the folder " + dir + ": "
                    + existing + " is a file, not a folder";
            throw new SaveTargetException(what + "; give " + option + " a folder (or move the file away)");
        }
        String cannot = AtomicFiles.cannotCreateIn(existing);
        if (cannot != null) {
            String what = existing.equals(dir) ? "the folder " + dir + " is not writable"
                    : "cannot create the folder " + dir + ": " + existing + " is not writable";
            throw new SaveTargetException(what + " (" + cannot + "); give " + option + " a folder you can write");
        }
        if (!existing.equals(dir)) {
            return; // created at the end: none of the files exists yet
        }
        for (String name : files) {
            Path file = dir.resolve(name);
            if (Files.isDirectory(file)) {
                throw new SaveTargetException(file + " is a folder, where this command writes a file; remove or rename it, "
                        + "or give " + option + " another folder");
            }
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file)) {
                throw new SaveTargetException(file + " is not a regular file; remove it, or give " + option + " another folder");
            }
            if (Files.exists(file) && !Files.isWritable(file)) {
                throw new SaveTargetException(file + " is read-only; make it writable, or give " + option + " another folder");
            }
        }
    }
}
