package io.relayscope.cli;

import io.relayscope.trace.FinishReason;
import io.relayscope.trace.TraceCodec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every CLI error is one "relayscope: ..." line; usage errors point to --help; --out is checked before any decoding. */
class CliErrorsTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void models() {
        Cli.requireDemoModels();
    }

    @Test
    void usageErrorsAreOneLinePointingToHelpWithoutTheUsageDump() {
        List<String[]> lines = List.of(
                new String[] {"run", "--bogus", "x"},
                new String[] {"run", "--threshold", "abc", "--policy", "confidence", "x"},
                new String[] {"run", "--policy", "confidence", "--threshold", "2", "x"},
                new String[] {"run", "--policy", "confidence", "--threshold", "-0.1", "x"},
                new String[] {"run", "--policy", "random-token", "--p", "1.5", "x"},
                new String[] {"run", "--policy", "confidence", "--call-tokens", "0", "x"},
                new String[] {"run", "--policy", "confidence", "--entropy", "-1", "x"},
                new String[] {"run", "--max-new-tokens", "0", "x"},
                new String[] {"run", "--max-calls", "-1", "x"},
                new String[] {"run", "--top-p", "0", "x"},
                new String[] {"run", ""},
                new String[] {"run", "  ", " "},
                new String[] {"eval", "--limit", "-3"},
                new String[] {"inspect"},
                new String[] {"frobnicate"});
        for (String[] args : lines) {
            Cli.Result r = Cli.run(args);
            String line = r.err().strip();
            assertThat(r.code()).as(String.join(" ", args) + " -> " + line).isEqualTo(Main.USAGE);
            RunCommandTest.assertOneLine(r.err());
            assertThat(line).as(String.join(" ", args)).startsWith("relayscope: ").contains("--help").doesNotContain("Usage:");
            assertThat(r.out()).as("no usage dump on stdout").doesNotContain("Usage:");
        }
        assertThat(Cli.run("run", "--policy", "confidence", "--threshold", "2", "x").err())
                .contains("--threshold must be between 0 and 1, not 2").contains("'relayscope run --help'");
        assertThat(Cli.run("run", "").err()).contains("the prompt is empty");
        assertThat(Cli.run("run", "--policy", "confidence", "--call-tokens", "0", "x").err()).contains("--call-tokens must be at least 1, not 0");
    }

    @Test
    void aBadOutIsRefusedBeforeTheModelsLoadAndNamesTheFile() throws Exception {
        // a model folder that does not exist: the --out error must come first, so nothing was loaded or decoded
        String noModel = dir.resolve("no-model").toString();
        Cli.Result missingFolder = Cli.run("run", "--slm", noModel, "--out", dir.resolve("nowhere/t.json").toString(), "x");
        assertThat(missingFolder.code()).isEqualTo(Main.USER_ERROR);
        RunCommandTest.assertOneLine(missingFolder.err());
        assertThat(missingFolder.err()).contains("nowhere").contains("does not exist").contains("mkdir -p");

        Cli.Result folder = Cli.run("run", "--slm", noModel, "--out", dir.toString(), "x");
        assertThat(folder.err()).contains(dir.toString()).contains("is a folder").contains("trace.json");
        RunCommandTest.assertOneLine(folder.err());

        Cli.Result root = Cli.run("run", "--slm", noModel, "--out", "/", "x");
        assertThat(root.err()).startsWith("relayscope: / is a folder").doesNotContain("null");
        RunCommandTest.assertOneLine(root.err());

        Cli.Result eval = Cli.run("eval", "--slm", noModel, "--limit", "1", "--out", dir.resolve("nowhere/p.jsonl").toString());
        assertThat(eval.err()).as("eval --out too, before the evaluation").contains("nowhere").contains("does not exist");
        RunCommandTest.assertOneLine(eval.err());

        Path file = Files.writeString(dir.resolve("plain"), "x");
        Cli.Result underFile = Cli.run("run", "--slm", noModel, "--out", file.resolve("t.json").toString(), "x");
        assertThat(underFile.err()).contains("plain is not a folder");
    }

    @Test
    void aSymbolicLinkIsFollowedAndTheLinkStays() throws Exception {
        Path real = dir.resolve("real.json");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), real.getFileName());
        Cli.Result r = Cli.run("run", "--max-new-tokens", "4", "--out", link.toString(), "2+2?");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("a symbolic link; writing its target " + real);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(TraceCodec.read(real).summary().finishReason()).isNotEqualTo(FinishReason.ERROR);
    }

    @Test
    void javaErrorsBecomeOneLine() {
        assertThat(Main.describe(new OutOfMemoryError("Java heap space"))).startsWith("out of memory").contains("-Xmx").doesNotContain("\n");
        assertThat(Main.describe(new StackOverflowError())).startsWith("stack overflow").doesNotContain("\n");
    }
}
