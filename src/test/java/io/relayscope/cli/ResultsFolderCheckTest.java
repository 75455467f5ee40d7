package io.relayscope.cli;

import io.relayscope.trace.SaveFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code paper-table}, {@code bench --write-results} and {@code eval --write-results} check their results folder
 * before any work: a model folder and a dataset that do not exist show that the folder's error comes first (nothing
 * was read or loaded). Unwritable is {@code /proc}, where nobody (root included) can create a file.
 */
class ResultsFolderCheckTest {
    @TempDir
    Path dir;

    private String noModel() {
        return dir.resolve("no-model").toString();
    }

    private String noDataset() {
        return dir.resolve("no-dataset.jsonl").toString();
    }

    private Cli.Result paperTable(Path results) {
        return Cli.run("paper-table", "--slm", noModel(), "--dataset", noDataset(), "--no-progress", "--results-dir", results.toString());
    }

    private static void refused(Cli.Result r, String... parts) {
        assertThat(r.code()).as(r.err()).isEqualTo(Main.USER_ERROR);
        RunCommandTest.assertOneLine(r.err());
        assertThat(r.err()).startsWith("relayscope: ").contains(parts).contains("--results-dir")
                .doesNotContain("no-model").doesNotContain("no-dataset");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void paperTableRefusesABadResultsFolderBeforeReadingOrLoadingAnything() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        refused(paperTable(file), file + " is a file, not a folder");
        refused(paperTable(file.resolve("results")), "cannot create the folder " + file.resolve("results"), file + " is a file");
        refused(paperTable(Path.of("/proc/relayscope-results")), "cannot create the folder /proc/relayscope-results",
                "/proc is not writable");
        refused(paperTable(Path.of("/proc/self")), "the folder /proc/self is not writable");

        Path results = Files.createDirectories(dir.resolve("results"));
        Files.createDirectories(results.resolve("paper-table-frontier.png"));
        refused(paperTable(results), results.resolve("paper-table-frontier.png") + " is a folder, where this command writes a file");

        Files.delete(results.resolve("paper-table-frontier.png"));
        Cli.Result good = paperTable(results);
        assertThat(good.err()).as("a good folder passes: the next problem is the dataset").contains("no-dataset");
        try (var left = Files.list(results)) {
            assertThat(left).as("the check leaves nothing behind").isEmpty();
        }
    }

    @Test
    void benchAndEvalWithWriteResultsRefuseABadFolderBeforeTheModelsOpen() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        refused(Cli.run("bench", "--slm", noModel(), "--write-results", "--results-dir", file.toString()),
                file + " is a file, not a folder");
        Path results = Files.createDirectories(dir.resolve("results"));
        Files.createDirectories(results.resolve("bench.json"));
        refused(Cli.run("bench", "--slm", noModel(), "--write-results", "--results-dir", results.toString()),
                results.resolve("bench.json") + " is a folder");
        Files.delete(results.resolve("bench.json"));
        Files.createDirectories(results.resolve("bench-sampling.md"));
        refused(Cli.run("bench", "--sampling-only", "--write-results", "--results-dir", results.toString()),
                results.resolve("bench-sampling.md") + " is a folder");
        refused(Cli.run("bench", "--slm", noModel(), "--write-results", "--results-dir", "/proc/relayscope-results"),
                "/proc is not writable");

        refused(Cli.run("eval", "--slm", noModel(), "--limit", "1", "--write-results", "--results-dir", "/proc/self"),
                "the folder /proc/self is not writable");
        Path evalMd = results.resolve("eval-arith-test-model-command.md");
        Files.createDirectories(evalMd);
        refused(Cli.run("eval", "--slm", noModel(), "--limit", "1", "--write-results", "--results-dir", results.toString()),
                evalMd + " is a folder");
    }

    @Test
    void runOutIsTriedForWritingNotJudgedByItsPermissionBits() {
        // root passes every permission check, yet nothing can be created in /proc
        Cli.Result r = Cli.run("run", "--slm", noModel(), "--out", "/proc/t.json", "x");
        assertThat(r.code()).isEqualTo(Main.USER_ERROR);
        RunCommandTest.assertOneLine(r.err());
        assertThat(r.err()).startsWith("relayscope: the folder /proc is not writable").doesNotContain("no-model");
    }

    @Test
    void aRealCliProcessExitsAtOnceWithOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        try (ChildCli child = ChildCli.cli("256m", "paper-table", "--no-progress", "--results-dir", file.toString())) {
            assertThat(child.waitFor(60)).isEqualTo(Main.USER_ERROR);
            assertThat(child.err()).isEqualTo("relayscope: " + file + " is a file, not a folder; give --results-dir a folder "
                    + "(or move the file away)\n");
            assertThat(child.out()).isEmpty();
        }
    }

    @Test
    void aFolderThatCanBeCreatedPassesAndIsNotCreatedByTheCheck() throws Exception {
        Path nested = dir.resolve("a/b/c");
        SaveFolder.check(nested, "--results-dir", List.of("x.md"));
        assertThat(dir.resolve("a")).doesNotExist();
    }
}
