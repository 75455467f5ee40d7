package io.relayscope.app.service;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/** The most recently opened or saved trace files, newest first, kept in java.util.prefs. */
public final class RecentFiles {
    public static final int MAX = 8;
    private static final String KEY = "recent.";
    private final Preferences prefs;

    public RecentFiles(Preferences prefs) {
        this.prefs = prefs;
    }

    public List<Path> list() {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            String v = prefs.get(KEY + i, null);
            if (v != null && !v.isBlank()) {
                out.add(Path.of(v));
            }
        }
        return out;
    }

    /** Moves a file to the front of the list. */
    public List<Path> add(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        List<Path> list = new ArrayList<>(list());
        list.remove(abs);
        list.add(0, abs);
        store(list);
        return list();
    }

    public List<Path> remove(Path file) {
        List<Path> list = new ArrayList<>(list());
        list.remove(file.toAbsolutePath().normalize());
        store(list);
        return list();
    }

    private void store(List<Path> list) {
        for (int i = 0; i < MAX; i++) {
            if (i < list.size()) {
                prefs.put(KEY + i, list.get(i).toString());
            } else {
                prefs.remove(KEY + i);
            }
        }
        try {
            prefs.flush();
        } catch (BackingStoreException ignored) {
            // recent files are a convenience; a failing store must not break the app
        }
    }
}
