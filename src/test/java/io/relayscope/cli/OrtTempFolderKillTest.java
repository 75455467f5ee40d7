package io.relayscope.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of a decoding CLI leaves no {@code onnxruntime-java*} folder in the temporary directory (ONNX Runtime
 * 1.23 creates one at every load and removes it only at a normal exit; we remove it once the libraries are loaded).
 * The child gets a temporary directory of its own, so only its folders are counted.
 */
class OrtTempFolderKillTest {
    @TempDir
    Path dir;

    @Test
    void aKilledRunLeavesNoOnnxRuntimeFolderInTheTemporaryDirectory() throws Exception {
        Cli.requireDemoModels();
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        try (ChildCli child = ChildCli.start(List.of("-Xmx256m", "-Djava.io.tmpdir=" + tmp), Main.class.getName(), "run",
                "--ignore-eos", "--max-new-tokens", "200000", "--out", dir.resolve("t.json").toString(), "Tom has 3 cats.")) {
            // a token on stdout: ONNX Runtime has loaded and decodes (slow on a loaded machine)
            assertThat(child.awaitOutput(20, 180_000)).as("tokens stream; stderr: " + child.err()).isTrue();
            child.signal("KILL");
            assertThat(child.waitFor(30)).isEqualTo(137);
        }
        try (var left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("left in the child's temporary directory")
                    .noneMatch(name -> name.startsWith("onnxruntime-java"));
        }
    }
}
