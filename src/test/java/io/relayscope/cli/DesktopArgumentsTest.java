package io.relayscope.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The installed desktop entry starts {@code relayscope FILE}: a trace file opens in the app, anything else is a command. */
class DesktopArgumentsTest {

    @Test
    void opensInDesktopAnExistingTraceFileOnly(@TempDir Path dir) throws Exception {
        Path trace = Files.writeString(dir.resolve("run.relay.json"), "{}");
        Path plain = Files.writeString(dir.resolve("run.json"), "{}");
        assertThat(Main.opensInDesktop(new String[] {trace.toString()})).isTrue();
        assertThat(Main.opensInDesktop(new String[] {plain.toString()})).isTrue();
        assertThat(Main.opensInDesktop(new String[] {dir.resolve("missing.json").toString()})).isFalse();
        assertThat(Main.opensInDesktop(new String[] {"inspect"})).isFalse();
        assertThat(Main.opensInDesktop(new String[] {"inspect", trace.toString()})).isFalse();
        assertThat(Main.opensInDesktop(new String[] {"--version"})).isFalse();
        assertThat(Main.opensInDesktop(new String[] {dir.toString()})).isFalse();
    }
}
