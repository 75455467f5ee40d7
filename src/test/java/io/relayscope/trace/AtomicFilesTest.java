package io.relayscope.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private Stream<String> names() throws IOException {
        return Files.list(dir).map(p -> p.getFileName().toString()).sorted();
    }

    @Test
    void failureHalfwayLeavesTheOldFileIntactAndRemovesTheTemporaryFile() throws IOException {
        Path file = dir.resolve("t.json");
        TraceCodec.write(TraceSamples.small(), file);
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            out.write("{\"format\": \"relayscope-trace\", \"tok".getBytes(StandardCharsets.UTF_8));
            out.flush();
            throw new IOException("disk full (simulated)");
        })).isInstanceOf(IOException.class).hasMessage("disk full (simulated)");

        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(TraceCodec.read(file)).isEqualTo(TraceSamples.small());
        try (Stream<String> names = names()) {
            assertThat(names).containsExactly("t.json");
        }
    }

    @Test
    void runtimeFailureAlsoKeepsTheOldFile() throws IOException {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "keep me");

        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            out.write(new byte[100_000]);
            throw new IllegalStateException("renderer bug (simulated)");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(Files.readString(file)).isEqualTo("keep me");
        try (Stream<String> names = names()) {
            assertThat(names).containsExactly("notes.txt");
        }
    }

    @Test
    void writeIntoAMissingFolderFailsWithoutCreatingAnything() {
        Path file = dir.resolve("no-such-folder").resolve("t.json");

        assertThatThrownBy(() -> TraceCodec.write(TraceSamples.small(), file)).isInstanceOf(IOException.class);
        assertThat(Files.exists(file.getParent())).isFalse();
    }

    @Test
    void successfulWriteReplacesTheContent() throws IOException {
        Path file = dir.resolve("a.txt");
        Files.writeString(file, "old");

        AtomicFiles.writeString(file, "new ✓");

        assertThat(Files.readString(file)).isEqualTo("new ✓");
        try (Stream<String> names = names()) {
            assertThat(names).containsExactly("a.txt");
        }
    }
}
