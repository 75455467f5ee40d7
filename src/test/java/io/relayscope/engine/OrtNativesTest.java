package io.relayscope.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.assertj.core.api.Assertions.assertThat;

/** ONNX Runtime's native libraries come from one fixed cache folder, extracted once. */
class OrtNativesTest {
    @TempDir
    Path dir;

    @Test
    void theEngineLoadsOnnxRuntimeFromTheCacheFolder() throws Exception {
        try (OnnxCausalLm lm = OnnxCausalLm.open(DemoModels.llm())) {
            assertThat(lm.info().vocabSize()).isPositive();
        }
        String path = System.getProperty(OrtNatives.NATIVE_PATH);
        assertThat(path).as("set before ONNX Runtime loaded").isNotNull();
        Path folder = Path.of(path);
        assertThat(folder.startsWith(OrtNatives.cacheRoot().resolve("onnxruntime"))).as(path).isTrue();
        assertThat(folder.getFileName().toString()).isEqualTo(OrtNatives.version() + "-" + OrtNatives.platform());
        assertThat(folder.resolve(System.mapLibraryName("onnxruntime"))).isRegularFile();
        assertThat(folder.resolve(System.mapLibraryName("onnxruntime4j_jni"))).isRegularFile();
    }

    @Test
    void onnxRuntimesOwnTemporaryFolderIsRemovedOnceTheLibrariesAreLoaded() throws Exception {
        try (OnnxCausalLm lm = OnnxCausalLm.open(DemoModels.slmBase())) {
            assertThat(lm.info().vocabSize()).isPositive();
        }
        Path temp = OrtNatives.ortTempFolder();
        assertThat(temp).as("ONNX Runtime " + OrtNatives.version() + " still keeps its temporary folder in a field we read")
                .isNotNull();
        assertThat(temp.getFileName().toString()).startsWith("onnxruntime-java");
        assertThat(temp).as("removed right after the load, so a killed process leaves nothing").doesNotExist();
    }

    @Test
    void extractionHappensOnceAndLeavesNoTemporaryFiles() throws Exception {
        Path folder = OrtNatives.extract(dir);
        assertThat(folder).isNotNull();
        Path lib = folder.resolve(System.mapLibraryName("onnxruntime"));
        long size = Files.size(lib);
        assertThat(size).isGreaterThan(1_000_000);
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(lib, old);

        assertThat(OrtNatives.extract(dir)).isEqualTo(folder);
        assertThat(Files.getLastModifiedTime(lib)).as("not written again").isEqualTo(old);
        try (var files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    System.mapLibraryName("onnxruntime"), System.mapLibraryName("onnxruntime4j_jni"));
        }
    }
}
