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

    @Test
    void staleTempFilesGoAtTheNextSaveButALockedOneStays() throws Exception {
        Path file = dir.resolve("t.json");
        Path stale = Files.writeString(dir.resolve(".t.json.1a2b3c.tmp"), "{\"format\": \"relayscope-tr");
        Path other = Files.writeString(dir.resolve(".u.json.99.tmp"), "half");
        Path notOurs = Files.writeString(dir.resolve(".t.json.notes.tmp"), "keep");
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 10_000));

        AtomicFiles.writeString(file, "new");

        assertThat(stale).doesNotExist();
        assertThat(other).as("another name: only removeStaleTemps(dir) takes it").exists();
        assertThat(notOurs).as("not our pattern").exists();
        assertThat(AtomicFiles.removeStaleTemps(dir)).isEqualTo(1);
        assertThat(other).doesNotExist();

        // a temp file another writer holds locked is left alone (here: a child JVM holding the lock)
        Path held = Files.writeString(dir.resolve(".t.json.77.tmp"), "writing");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                LockHolder.class.getName(), held.toString()).redirectErrorStream(true).start();
        try {
            assertThat(new String(holder.getInputStream().readNBytes(6), StandardCharsets.UTF_8)).isEqualTo("locked");
            AtomicFiles.writeString(file, "newer");
            assertThat(held).as("locked by a live writer").exists();
        } finally {
            holder.destroyForcibly().waitFor();
        }
        AtomicFiles.writeString(file, "newest");
        assertThat(held).as("its writer is gone").doesNotExist();
    }

    @Test
    void checkTargetNamesTheProblemAndFollowsLinks() throws Exception {
        assertThatThrownBy(() -> AtomicFiles.checkTarget(dir)).isInstanceOf(SaveTargetException.class)
                .hasMessageContaining("is a folder");
        assertThatThrownBy(() -> AtomicFiles.checkTarget(dir.resolve("a/b.json"))).hasMessageContaining("does not exist");
        Path real = dir.resolve("real.json");
        Path link = Files.createSymbolicLink(dir.resolve("l.json"), real);
        SaveTarget t = AtomicFiles.checkTarget(link);
        assertThat(t.followedLink()).isTrue();
        assertThat(t.file()).isEqualTo(real);
        AtomicFiles.writeString(link, "via link");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).isEqualTo("via link");
        Path toFolder = Files.createSymbolicLink(dir.resolve("d.json"), dir);
        assertThatThrownBy(() -> AtomicFiles.checkTarget(toFolder)).hasMessageContaining("is a folder")
                .hasMessageContaining("symbolic link");
    }

    /** A child process that locks a file, says "locked" and waits to be killed. */
    public static final class LockHolder {
        public static void main(String[] args) throws Exception {
            try (var ch = java.nio.channels.FileChannel.open(Path.of(args[0]), java.nio.file.StandardOpenOption.WRITE);
                 var lock = ch.lock()) {
                System.out.print("locked");
                System.out.flush();
                Thread.sleep(120_000);
            }
        }
    }
}
