package io.relayscope.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class InspectCommandTest {
    @TempDir
    static Path dir;
    static Path good;

    @BeforeAll
    static void recordATrace() throws Exception {
        Cli.requireDemoModels();
        good = dir.resolve("good.json");
        Cli.Result r = Cli.run("run", "--policy", "confidence", "--threshold", "0.9", "--out", good.toString(), Cli.firstQuestion());
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void acceptsAGoodTrace() {
        Cli.Result r = Cli.run("inspect", good.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("valid trace: ").contains("LLM token ratio").contains("tiny-llm")
                .contains("prompt format: plain (generation_config.json) | sampling slm greedy, llm greedy");
    }

    @Test
    void optionalFieldsThatAreNullArePrintedAsAbsent() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(good.toFile());
        com.fasterxml.jackson.databind.node.ObjectNode header = (com.fasterxml.jackson.databind.node.ObjectNode) root.get("header");
        for (String field : new String[] {"policy", "limits", "prompt", "appVersion", "slmSampling", "llmSampling"}) {
            header.putNull(field);
        }
        Path nulls = dir.resolve("nulls.json");
        json.writeValue(nulls.toFile(), root);
        Cli.Result r = Cli.run("inspect", nulls.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("policy: none recorded").contains("limits none recorded").contains("prompt: (none)");
    }

    @Test
    void anUnsupportedFormatVersionIsOneLineNamingTheField() throws Exception {
        String text = Files.readString(good, StandardCharsets.UTF_8);
        assertThat(text).contains("\"formatVersion\": \"1.1\"");
        Path newer = dir.resolve("newer.json");
        Files.writeString(newer, text.replace("\"formatVersion\": \"1.1\"", "\"formatVersion\": \"2.3\""), StandardCharsets.UTF_8);
        Cli.Result r = Cli.run("inspect", newer.toString());
        assertThat(r.code()).isEqualTo(Main.USER_ERROR);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("relayscope: newer.json: field 'formatVersion' is 2.3, a format version newer than "
                + "this RelayScope reads (1.x); update RelayScope\n");
    }

    @Test
    void rejectsATruncatedCopy() throws Exception {
        String text = Files.readString(good, StandardCharsets.UTF_8);
        Path cut = dir.resolve("cut.json");
        Files.writeString(cut, text.substring(0, text.length() / 2), StandardCharsets.UTF_8);
        Cli.Result r = Cli.run("inspect", cut.toString());
        assertThat(r.code()).isEqualTo(Main.USER_ERROR);
        RunCommandTest.assertOneLine(r.err());
        assertThat(r.err()).contains("cut.json");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void rejectsAWrongVersionCopy() throws Exception {
        String text = Files.readString(good, StandardCharsets.UTF_8);
        assertThat(text).contains("\"formatVersion\": \"" + io.relayscope.trace.Trace.FORMAT_VERSION + "\"");
        Path future = dir.resolve("future.json");
        Files.writeString(future, text.replace("\"formatVersion\": \"" + io.relayscope.trace.Trace.FORMAT_VERSION + "\"", "\"formatVersion\": \"9.0\""), StandardCharsets.UTF_8);
        Cli.Result r = Cli.run("inspect", future.toString());
        assertThat(r.code()).isEqualTo(Main.USER_ERROR);
        RunCommandTest.assertOneLine(r.err());
        assertThat(r.err()).contains("9.0");
    }

    @Test
    void rejectsAMissingFileAndGarbage() throws Exception {
        Cli.Result missing = Cli.run("inspect", dir.resolve("absent.json").toString());
        assertThat(missing.code()).isEqualTo(Main.USER_ERROR);
        RunCommandTest.assertOneLine(missing.err());

        Path junk = dir.resolve("junk.json");
        Files.write(junk, new byte[] {0, 1, 2, (byte) 0xff});
        Cli.Result garbage = Cli.run("inspect", junk.toString());
        assertThat(garbage.code()).isEqualTo(Main.USER_ERROR);
        RunCommandTest.assertOneLine(garbage.err());
    }

    @Test
    void aSessionListsItsRunsCompareSetAndBranchTreeAndAPlainTraceSaysItHasNoBranches() throws Exception {
        Path file = dir.resolve("session.relay.json");
        io.relayscope.trace.Session s = io.relayscope.trace.SessionSamples.threeRuns();
        io.relayscope.trace.TraceCodec.writeSession(s, file);
        int at = s.branches().get(0).position();
        Cli.Result r = Cli.run("inspect", file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("valid trace: " + file + " (format 1.2,")
                .contains("session: 3 runs, 1 branches, run 1 shown\n")
                .contains("  compare set: run 0 (slm-only), run 2 (llm-only), run 1 (confidence)\n")
                .contains("  branch tree:\n"
                        + "    run 0: slm-only, answer " + answer(s.runs().get(0)) + ", "
                        + s.runs().get(0).summary().responseTokens() + " response tokens, 0 calls\n"
                        + "      \u21b3 run 1 at #" + at + " \"" + s.runs().get(1).tokens().get(at).text() + "\": confidence, answer "
                        + answer(s.runs().get(1)) + ", ")
                .containsPattern("\n    run 2: llm-only, answer " + answer(s.runs().get(2)) + ", \\d+ response tokens, 1 call\n");

        Cli.Result plain = Cli.run("inspect", good.toString());
        assertThat(plain.out()).contains("  branches: none (a single run)");
    }

    /** The answer a sample's response gives (record.sh re-records the samples; nothing here pins the models). */
    private static String answer(io.relayscope.trace.Trace t) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Answer: (\\d+)").matcher(t.summary().responseText());
        return m.find() ? m.group(1) : "?";
    }
}
