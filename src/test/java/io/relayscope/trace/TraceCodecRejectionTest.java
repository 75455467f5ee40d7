package io.relayscope.trace;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TraceCodecRejectionTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    /** Reads the bytes as t.json and returns the one-line message it was rejected with. */
    private String rejection(byte[] content, TraceLimits limits) throws IOException {
        Path file = dir.resolve("t.json");
        Files.write(file, content);
        TraceFormatException e = catchThrowableOfType(TraceFormatException.class, () -> TraceCodec.read(file, limits));
        assertThat(e).as("rejected").isNotNull();
        assertThat(e.getMessage()).startsWith("t.json: ").doesNotContain("\n").doesNotContain("\r")
                .doesNotContain("Exception").doesNotContain("\tat ");
        return e.getMessage();
    }

    private String rejection(String content) throws IOException {
        return rejection(content.getBytes(StandardCharsets.UTF_8), TraceLimits.DEFAULT);
    }

    /** The small sample with one edit applied to its JSON tree. */
    private static String edited(Consumer<ObjectNode> edit) throws IOException {
        ObjectNode root = (ObjectNode) MAPPER.readTree(TraceCodec.writeString(TraceSamples.small()));
        edit.accept(root);
        return MAPPER.writeValueAsString(root);
    }

    private static ObjectNode token(ObjectNode root, int i) {
        return (ObjectNode) root.get("tokens").get(i);
    }

    @Test
    void truncatedFileIsRejectedAsTruncated() throws IOException {
        byte[] whole = TraceCodec.writeString(TraceSamples.small()).getBytes(StandardCharsets.UTF_8);

        String message = rejection(Arrays.copyOf(whole, whole.length / 2), TraceLimits.DEFAULT);

        assertThat(message).contains("ends unexpectedly").contains("truncated").contains("line ");
    }

    @Test
    void everyPrefixOfAValidFileIsRejectedAsTruncatedOrEmpty() throws IOException {
        String json = TraceCodec.writeString(TraceSamples.small());
        // the text ends with "}\n": every prefix shorter than length - 1 is incomplete
        for (int cut = 0; cut < json.length() - 1; cut++) {
            String prefix = json.substring(0, cut);
            TraceFormatException e = catchThrowableOfType(TraceFormatException.class, () -> TraceCodec.readString(prefix));
            assertThat(e).as("cut at %d", cut).isNotNull();
            assertThat(e.getMessage()).as("cut at %d", cut)
                    .matches("trace: (the file ends unexpectedly.*truncated.*|the file is empty.*)");
        }
        byte[] whole = json.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut < whole.length - 1; cut += 5) {
            assertThat(rejection(Arrays.copyOf(whole, cut), TraceLimits.DEFAULT)).as("cut at byte %d", cut)
                    .matches("t\\.json: (the file ends unexpectedly.*truncated.*|the file is empty.*)");
        }
    }

    @Test
    void damageInsideTheFileIsNotCalledTruncation() throws IOException {
        String json = TraceCodec.writeString(TraceSamples.small());
        String damaged = json.replace("\"calls\": [", "\"calls\": [#");

        assertThat(rejection(damaged)).contains("not valid JSON at line").contains("'#'").doesNotContain("truncated");
        assertThat(rejection("{\"format\": hello}")).contains("not valid JSON").contains("'hello'");
    }

    @Test
    void emptyFileAndNonJsonAreRejected() throws IOException {
        assertThat(rejection("")).isEqualTo("t.json: the file is empty; expected a RelayScope trace (JSON)");
        assertThat(rejection("hello world")).contains("not valid JSON at line 1").contains("hello");
        assertThat(rejection("[1, 2, 3]")).contains("top level should be a JSON object, found an array");
        byte[] noise = new byte[4096];
        new Random(3).nextBytes(noise);
        assertThat(rejection(noise, TraceLimits.DEFAULT)).isNotEmpty();
    }

    @Test
    void newerMajorVersionIsRejectedWithAdvice() throws IOException {
        String message = rejection(edited(r -> r.put("formatVersion", "2.0")));

        assertThat(message).isEqualTo("t.json: field 'formatVersion' is 2.0, a format version newer than this RelayScope reads "
                + "(1.x); update RelayScope");
    }

    @Test
    void olderMajorAndMalformedVersionsAreRejected() throws IOException {
        assertThat(rejection(edited(r -> r.put("formatVersion", "0.9")))).isEqualTo("t.json: field 'formatVersion' is 0.9, a format version older than this RelayScope reads (1.x); record the run again");
        assertThat(rejection(edited(r -> r.put("formatVersion", "one"))))
                .contains("field 'formatVersion' has invalid value \"one\"");
        assertThat(rejection(edited(r -> r.remove("formatVersion"))))
                .isEqualTo("t.json: required field 'formatVersion' is missing");
    }

    @Test
    void otherFormatsAreNotMistakenForTraces() throws IOException {
        assertThat(rejection(edited(r -> r.put("format", "chat.completion"))))
                .contains("field 'format' is \"chat.completion\"").contains("not a RelayScope trace");
        assertThat(rejection("{\"choices\": []}")).contains("required field 'format' is missing");
    }

    @Test
    void wrongTypesNameTheField() throws IOException {
        assertThat(rejection(edited(r -> token(r, 3).put("logprob", "abc"))))
                .isEqualTo("t.json: field 'tokens[3].logprob' should be a number or null, found a string");
        assertThat(rejection(edited(r -> token(r, 1).put("index", "1"))))
                .isEqualTo("t.json: field 'tokens[1].index' should be an integer, found a string");
        assertThat(rejection(edited(r -> r.putArray("header"))))
                .isEqualTo("t.json: field 'header' should be an object, found an array");
        assertThat(rejection(edited(r -> r.putObject("tokens"))))
                .isEqualTo("t.json: field 'tokens' should be an array, found an object");
        assertThat(rejection(edited(r -> ((ObjectNode) r.get("summary")).put("slmTokens", 1.5))))
                .contains("field 'summary.slmTokens' should be an integer, found a number");
        assertThat(rejection(edited(r -> token(r, 4).put("id", 30_000_000_000L))))
                .contains("field 'tokens[4].id' is 30000000000, out of range");
        assertThat(rejection(edited(r -> ((ArrayNode) token(r, 8).get("alternatives").get(0)).set(1, MAPPER.createObjectNode()))))
                .contains("field 'tokens[8].alternatives[0][1]' should be a string or null, found an object");
    }

    @Test
    void unknownEnumValueListsTheValidOnes() throws IOException {
        assertThat(rejection(edited(r -> token(r, 3).put("source", "XYZ"))))
                .isEqualTo("t.json: field 'tokens[3].source' has unknown value \"XYZ\"; expected one of PROMPT, SLM, LLM, COMMAND");
        assertThat(rejection(edited(r -> ((ObjectNode) r.get("summary")).put("finishReason", "TIMEOUT"))))
                .contains("field 'summary.finishReason' has unknown value \"TIMEOUT\"");
    }

    @Test
    void missingRequiredFieldsAreNamed() throws IOException {
        assertThat(rejection(edited(r -> token(r, 2).remove("text"))))
                .isEqualTo("t.json: required field 'tokens[2].text' is missing");
        assertThat(rejection(edited(r -> ((ObjectNode) r.get("header")).remove("seed"))))
                .isEqualTo("t.json: required field 'header.seed' is missing");
        assertThat(rejection(edited(r -> ((ObjectNode) r.get("header").get("models").get(1)).remove("sha256"))))
                .isEqualTo("t.json: required field 'header.models[1].sha256' is missing");
        assertThat(rejection(edited(r -> r.remove("summary"))))
                .isEqualTo("t.json: required field 'summary' is missing");
    }

    @Test
    void hugeStringIsRejectedQuicklyWithoutReadingItAll() throws IOException {
        String json = TraceCodec.writeString(TraceSamples.small());
        String marker = "\"prompt\":\"What is 12*13?\"";
        int at = json.indexOf(marker) + "\"prompt\":\"".length();
        byte[] head = json.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] tail = json.substring(at).getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[head.length + 30_000_000 + tail.length];
        System.arraycopy(head, 0, content, 0, head.length);
        Arrays.fill(content, head.length, head.length + 30_000_000, (byte) 'a');
        System.arraycopy(tail, 0, content, head.length + 30_000_000, tail.length);

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        String message = rejection(content, TraceLimits.DEFAULT);
        long millis = (threads.getCurrentThreadCpuTime() - start) / 1_000_000;

        assertThat(message).contains("field 'header.prompt'").contains("longer than the limit of 16777216 characters");
        assertThat(millis).as("CPU ms to reject").isLessThan(1000);
    }

    @Test
    void overlongTokenTextIsRejected() throws IOException {
        assertThat(rejection(edited(r -> token(r, 0).put("text", "x".repeat(70_000)))))
                .contains("field 'tokens[0].text' is 70000 characters long, more than the limit of 65536");
    }

    @Test
    void tooManyAlternativesIsRejected() throws IOException {
        String message = rejection(edited(r -> {
            ArrayNode alts = token(r, 3).putArray("alternatives");
            for (int i = 0; i < 65; i++) {
                alts.addArray().add(i).add("t" + i).add(0.01);
            }
        }));

        assertThat(message).startsWith("t.json: field 'tokens[3].alternatives' has more than 64 entries (the limit)");
    }

    @Test
    void tooManyTokensIsRejectedAtTheLimit() throws IOException {
        byte[] content = TraceCodec.writeString(TraceSamples.small()).getBytes(StandardCharsets.UTF_8);

        String message = rejection(content, TraceLimits.DEFAULT.withMaxTokens(5));

        assertThat(message).startsWith("t.json: field 'tokens' has more than 5 entries (the limit)");
    }

    @Test
    void documentLargerThanTheLimitIsRejectedBeforeParsing() throws IOException {
        byte[] content = TraceCodec.writeString(TraceSamples.small()).getBytes(StandardCharsets.UTF_8);
        TraceLimits d = TraceLimits.DEFAULT;
        TraceLimits tiny = new TraceLimits(d.maxStringChars(), d.maxNestingDepth(), 100, d.maxNumberChars(),
                d.maxNameChars(), d.maxTokens(), d.maxCalls(), d.maxAlternatives(), d.maxModels(),
                d.maxPolicyParameters(), d.maxTokenTextChars(), d.maxTokenBytes());

        assertThat(rejection(content, tiny)).contains("more than the limit of 100 bytes");
    }

    @Test
    void deepNestingHugeNumbersDuplicateKeysAndTrailingDataAreRejected() throws IOException {
        String deep = edited(r -> {
            ObjectNode h = (ObjectNode) r.get("header");
            ArrayNode a = h.putArray("extra");
            for (int i = 0; i < 100; i++) {
                a = a.addArray();
            }
        });
        assertThat(rejection(deep)).contains("nested deeper than the limit of 32");
        String json = TraceCodec.writeString(TraceSamples.small());
        assertThat(rejection(json.replace("\"seed\":42", "\"seed\":4" + "2".repeat(100))))
                .contains("field 'header.seed'").contains("number longer than the limit of 64");
        assertThat(rejection(json.replace("\"formatVersion\": \"" + Trace.FORMAT_VERSION + "\",", "\"formatVersion\": \"1.0\", \"format\": \"x\",")))
                .contains("Duplicate field 'format'");
        assertThat(rejection(json + "{}")).contains("unexpected content after the end of the trace");
        assertThat(rejection(edited(r -> token(r, 10).put("bytes", "%%%")))).contains("field 'tokens[10].bytes' is not valid base64");
    }

    @Test
    void inconsistentTracesAreRejectedNamingTheField() throws IOException {
        assertThat(rejection(edited(r -> token(r, 4).put("index", 7))))
                .isEqualTo("t.json: field 'tokens[4].index' is 7, expected 4 (tokens are numbered 0, 1, 2, ... in order)");
        assertThat(rejection(edited(r -> {
            token(r, 4).put("source", "PROMPT");
            ObjectNode s = (ObjectNode) r.get("summary");
            s.put("promptTokens", 4).put("slmTokens", s.get("slmTokens").intValue() - 1);
        }))).contains("field 'tokens[4].source' is PROMPT after response tokens");
        assertThat(rejection(edited(r -> ((ObjectNode) r.get("calls").get(0)).put("position", 99))))
                .contains("field 'calls[0].position' is 99, outside the 12 tokens");
        assertThat(rejection(edited(r -> ((ObjectNode) r.get("summary")).put("llmTokens", 5))))
                .isEqualTo("t.json: field 'summary.llmTokens' is 5 but the trace holds 2 LLM tokens");
        assertThat(rejection(edited(r -> ((ObjectNode) r.get("summary")).put("calls", 0))))
                .contains("field 'summary.calls' is 0 but the trace holds 1 entries in 'calls'");
    }

    @Test
    void readStringUsesItsLabel() {
        assertThatThrownBy(() -> TraceCodec.readString("{"))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith("trace: the file ends unexpectedly");
    }
}
