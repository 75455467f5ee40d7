package io.relayscope.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Session files (format 1.2) on the real sample sessions: round trip, older files, bad relations, atomic saves. */
class SessionCodecTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private static Trace sample(String name) throws Exception {
        return SessionSamples.sample(name);
    }

    private static Session threeRuns() throws Exception {
        return SessionSamples.threeRuns();
    }

    @Test
    void aSessionRoundTripsAndItsFirstRunIsWhatEveryTraceReaderOpens() throws Exception {
        Session s = threeRuns();
        Path file = dir.resolve("s.relay.json");
        TraceCodec.writeSession(s, file);

        Session back = TraceCodec.readSession(file);
        assertThat(back.runs()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(back.runs().get(i).tokens()).isEqualTo(s.runs().get(i).tokens());
            assertThat(back.runs().get(i).calls()).isEqualTo(s.runs().get(i).calls());
            assertThat(back.runs().get(i).summary()).isEqualTo(s.runs().get(i).summary());
            assertThat(back.runs().get(i).header().formatVersion()).isEqualTo("1.2");
        }
        assertThat(back.branches()).isEqualTo(s.branches());
        assertThat(back.compare()).containsExactly(0, 2, 1);
        assertThat(back.shown()).isEqualTo(1);
        assertThat(back.treeOrder()).containsExactly(0, 1, 2);
        assertThat(back.depth(1)).isEqualTo(1);

        JsonNode json = MAPPER.readTree(file.toFile());
        assertThat(json.get("formatVersion").textValue()).isEqualTo(Session.FORMAT_VERSION);
        assertThat(json.get("session").get("runs")).hasSize(2);
        // a reader that knows nothing of sessions (it skips unknown fields) gets run 0
        assertThat(TraceCodec.read(file).tokens()).isEqualTo(s.runs().get(0).tokens());
        ((ObjectNode) json).remove("session");
        assertThat(TraceCodec.readString(MAPPER.writeValueAsString(json)).tokens()).isEqualTo(s.runs().get(0).tokens());
    }

    @Test
    void everyOlderFileOpensAsASessionOfOneAndASingleRunIsWrittenAsAPlainTrace() throws Exception {
        try (var files = Files.list(Path.of("sample-sessions"))) {
            List<Path> samples = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            assertThat(samples).hasSizeGreaterThanOrEqualTo(6);
            int single = 0;
            for (Path p : samples) {
                Session s = TraceCodec.readSession(p);
                if (!s.isSingle()) {
                    // the session samples (branch tree, dataset batch) are format 1.2 files of several runs
                    assertThat(Files.readString(p)).as(p.toString()).contains("\"session\"");
                    continue;
                }
                single++;
                assertThat(s.runs().get(0).header().formatVersion()).as("a single-run file of the format before sessions").isIn("1.0", "1.1");
            }
            assertThat(single).isGreaterThanOrEqualTo(6);
        }
        Path file = dir.resolve("one.json");
        TraceCodec.writeSession(Session.of(sample("slm-only")), file);
        JsonNode json = MAPPER.readTree(file.toFile());
        assertThat(json.has("session")).isFalse();
        assertThat(json.get("formatVersion").textValue()).isEqualTo(Trace.FORMAT_VERSION);
    }

    private String tampered(java.util.function.Consumer<ObjectNode> edit) throws Exception {
        ObjectNode json = (ObjectNode) MAPPER.readTree(TraceCodec.writeSessionString(threeRuns()));
        edit.accept((ObjectNode) json.get("session"));
        return MAPPER.writeValueAsString(json);
    }

    private static String readProblem(String json) {
        try {
            TraceCodec.readSessionString(json, "s.json", TraceLimits.DEFAULT);
        } catch (TraceFormatException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted");
    }

    @Test
    void badRelationsAreOneLineErrorsNamingTheEntry() throws Exception {
        String wrongToken = readProblem(tampered(s -> ((ObjectNode) s.get("branches").get(0)).put("tokenId", 999_999)));
        assertThat(wrongToken).startsWith("s.json: field 'session.branches[0]' says token 999999 was forced at")
                .doesNotContain("\n");
        String cycle = readProblem(tampered(s -> ((ObjectNode) s.get("branches").get(0)).put("parent", 1)));
        assertThat(cycle).contains("'session.branches[0]'").contains("a branch is a later run of the file than its parent");
        String twice = readProblem(tampered(s -> s.withArray("compare").add(0)));
        assertThat(twice).contains("'session.compare[3]' is 0, a run already in the compare set");
        String shown = readProblem(tampered(s -> s.put("shown", 7)));
        assertThat(shown).contains("'session.shown' is 7, not a run of the file (0 to 2)");
        String position = readProblem(tampered(s -> ((ObjectNode) s.get("branches").get(0)).put("position", 3)));
        assertThat(position).contains("has position 3, not a response token of run 0 and run 1");
        String missing = readProblem(tampered(s -> ((ObjectNode) s.get("branches").get(0)).remove("tokenId")));
        assertThat(missing).contains("tokenId").doesNotContain("\n");
        String runMissing = readProblem(tampered(s -> ((ObjectNode) s.get("runs").get(0)).remove("summary")));
        assertThat(runMissing).contains("session.runs[0].summary");
    }

    @Test
    void aSessionThatCannotBeWrittenLeavesTheOldFileAsItWas() throws Exception {
        Path file = dir.resolve("s.relay.json");
        TraceCodec.writeSession(threeRuns(), file);
        byte[] before = Files.readAllBytes(file);
        Session good = threeRuns();
        Session bad = new Session(good.runs(), List.of(new BranchLink(2, 0, good.branches().get(0).position(), 1, "x")),
                good.compare(), 0);
        assertThatThrownBy(() -> TraceCodec.writeSession(bad, file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot write the session: 'session.branches[0]'");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactly("s.relay.json");
        }
    }
}
