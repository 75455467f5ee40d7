package io.relayscope.app.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.prefs.Preferences;

/**
 * Where the file choosers start: the folder of the last file (or model folder) chosen, remembered across sessions;
 * a save or export chooser never starts inside the bundled sample sessions (a lesson's file would land among the
 * app's own), it starts in the home folder instead.
 */
public final class ChooserFolders {
    static final String KEY = "chooser.lastFolder";
    private final Preferences prefs;
    private final Path sampleSessions;
    private final Path home;

    public ChooserFolders(Preferences prefs, Path sampleSessions, Path home) {
        this.prefs = prefs;
        this.sampleSessions = sampleSessions.toAbsolutePath().normalize();
        this.home = home;
    }

    /** The user's home as the fallback of save choosers. */
    public ChooserFolders(Preferences prefs, Path sampleSessions) {
        this(prefs, sampleSessions, Path.of(System.getProperty("user.home")));
    }

    /** Where an open, import or model-folder chooser starts: the last folder used while it exists. */
    public Optional<Path> openFolder() {
        String v = prefs.get(KEY, null);
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        Path p = Path.of(v);
        return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
    }

    /** Where a save or export chooser starts: the last folder used, unless that is in the sample sessions. */
    public Optional<Path> saveFolder() {
        Optional<Path> last = openFolder();
        if (last.isPresent() && !last.get().toAbsolutePath().normalize().startsWith(sampleSessions)) {
            return last;
        }
        return Files.isDirectory(home) ? Optional.of(home) : Optional.empty();
    }

    /** Remembers the folder a chosen file is in (a chosen model folder: the folder that holds it). */
    public void remember(Path chosen) {
        Path parent = chosen.toAbsolutePath().normalize().getParent();
        if (parent != null) {
            prefs.put(KEY, parent.toString());
        }
    }
}
