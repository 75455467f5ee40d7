package io.relayscope.app.service;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;

/** The choosers start in the last folder used (across sessions), and a save never starts in the sample sessions. */
class ChooserFoldersTest {
    private final Preferences prefs = Preferences.userRoot().node("relayscope-choosers-" + UUID.randomUUID());

    @AfterEach
    void removePrefs() throws Exception {
        prefs.removeNode();
    }

    @Test
    void theLastFolderIsRememberedAcrossSessionsButNotForSavesIntoTheSampleSessions(@TempDir Path dir) throws Exception {
        Path samples = Files.createDirectories(dir.resolve("app/sample-sessions"));
        Path home = Files.createDirectories(dir.resolve("home"));
        Path lessons = Files.createDirectories(dir.resolve("lessons"));
        ChooserFolders folders = new ChooserFolders(prefs, samples, home);
        assertThat(folders.openFolder()).isEmpty();
        assertThat(folders.saveFolder()).contains(home);

        folders.remember(lessons.resolve("week1.relay.json"));
        ChooserFolders nextSession = new ChooserFolders(prefs, samples, home);
        assertThat(nextSession.openFolder()).contains(lessons);
        assertThat(nextSession.saveFolder()).contains(lessons);

        nextSession.remember(samples.resolve("confidence.json")); // a sample opened
        assertThat(nextSession.openFolder()).as("open goes back there").contains(samples);
        assertThat(nextSession.saveFolder()).as("a save never lands among the samples").contains(home);
        nextSession.remember(samples.resolve("sub/x.json").getParent().resolve("x.json"));
        assertThat(nextSession.saveFolder()).contains(home);

        Path models = Files.createDirectories(dir.resolve("models/qwen3-0.6b"));
        nextSession.remember(models); // a model folder chosen: its parent, where the other model sits
        assertThat(nextSession.openFolder()).contains(dir.resolve("models"));

        Files.delete(lessons);
        nextSession.remember(lessons.resolve("gone.json"));
        assertThat(nextSession.openFolder()).as("a folder that is gone is not offered").isEmpty();
        assertThat(nextSession.saveFolder()).contains(home);
    }
}
