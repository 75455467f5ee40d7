package io.relayscope.trace.importers;

import io.relayscope.trace.FinishReason;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;
import io.relayscope.trace.TraceFormatException;
import io.relayscope.trace.TraceSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ImportersTest {

    /** A word-level stand-in for a BPE tokenizer: whitespace sticks to the following word, like " word". */
    private static final Function<String, List<String>> WORDS = text -> {
        List<String> pieces = new ArrayList<>();
        Matcher m = Pattern.compile("\\s*\\S+|\\s+").matcher(text);
        while (m.find()) {
            pieces.add(m.group());
        }
        return pieces;
    };

    @TempDir
    Path dir;

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(ImportersTest.class.getResource(name).toURI());
    }

    private static String text(Trace t, Source source) {
        return t.tokens().stream().filter(x -> x.source() == source).map(TokenRecord::text).collect(Collectors.joining());
    }

    /** Every import must be a trace the codec accepts and reproduces. */
    private static Trace roundTripped(Trace t) {
        assertThat(TraceCodec.readString(TraceCodec.writeString(t))).isEqualTo(t);
        return t;
    }

    @Test
    void anOpenAiCreatedTimeOutOfRangeIsRefusedNamingTheField() throws Exception {
        String json = Files.readString(fixture("openai-chat-logprobs.json"))
                .replaceFirst("\"created\"\\s*:\\s*\\d+", "\"created\": 9223372036854775807");
        assertThat(json).contains("9223372036854775807"); // found by the fuzzer: Instant.ofEpochSecond threw
        Path file = Files.writeString(dir.resolve("far-future.json"), json);
        assertThatThrownBy(() -> Importers.importFile(file, ImportOptions.DEFAULT)).isInstanceOf(TraceFormatException.class)
                .hasMessage("far-future.json: field 'created' is 9223372036854775807, not a time (seconds since 1970)");
    }

    @Test
    void openAiChatLogprobs() throws Exception {
        Path file = fixture("openai-chat-logprobs.json");
        assertThat(Importers.detect(file)).isInstanceOf(OpenAiLogprobsImporter.class);

        List<Trace> traces = Importers.importFile(file, ImportOptions.DEFAULT.withPrompt("What is 12*13?"));

        assertThat(traces).hasSize(1);
        Trace t = roundTripped(traces.get(0));
        assertThat(t.summary().promptTokens()).isEqualTo("What is 12*13?".length());
        assertThat(t.summary().slmTokens()).isEqualTo(9);
        assertThat(t.summary().llmTokenRatio()).isZero();
        assertThat(t.header().models().get(0).name()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(t.header().createdAt()).isEqualTo("2025-03-10T01:31:23Z");
        TokenRecord times = t.tokens().get(15);
        assertThat(times.text()).isEqualTo(" ×");
        assertThat(times.logprob()).isEqualTo(-0.31326583);
        assertThat(times.alternatives()).hasSize(3);
        assertThat(times.alternatives().get(1).text()).isEqualTo(" *");
        assertThat(times.alternatives().get(1).probability()).isCloseTo(Math.exp(-1.3132658), within(1e-12));
        // the emoji is split over two tokens; joined bytes give it back
        byte[] a = t.tokens().get(21).bytes();
        byte[] b = t.tokens().get(22).bytes();
        byte[] joined = new byte[a.length + b.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        assertThat(new String(joined, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(" 😀");
        assertThat(t.summary().finishReason()).isEqualTo(FinishReason.SLM_EOS);
    }

    @Test
    void llamaCppCurrentLayout() throws Exception {
        Path file = fixture("llamacpp-completion.json");
        assertThat(Importers.detect(file)).isInstanceOf(LlamaCppImporter.class);

        Trace t = roundTripped(Importers.importFile(file, ImportOptions.DEFAULT).get(0));

        assertThat(t.header().prompt()).startsWith("<|im_start|>user");
        assertThat(t.summary().slmTokens()).isEqualTo(3);
        List<TokenRecord> response = t.tokens().subList(t.summary().promptTokens(), t.tokens().size());
        assertThat(response).extracting(TokenRecord::id).containsExactly(12095, 13, 151645);
        assertThat(response.get(0).text()).isEqualTo(" Paris");
        assertThat(response.get(0).logprob()).isEqualTo(-0.0513);
        assertThat(response.get(0).alternatives().get(1).id()).isEqualTo(576);
        assertThat(response.get(0).latencyMicros()).isEqualTo(10_500);
        assertThat(t.header().slmSampling().temperature()).isEqualTo(0.7);
        assertThat(t.header().slmSampling().topK()).isEqualTo(40);
        assertThat(t.header().slmSampling().minP()).isEqualTo(0.05);
        assertThat(t.header().slmSampling().repetitionPenalty()).isEqualTo(1.0);
        assertThat(t.header().seed()).isEqualTo(42);
        assertThat(t.summary().finishReason()).isEqualTo(FinishReason.SLM_EOS);
    }

    @Test
    void llamaCppOlderLayoutLooksUpTheChosenProbability() throws Exception {
        Trace t = roundTripped(Importers.importFile(fixture("llamacpp-completion-old.json"), ImportOptions.DEFAULT).get(0));

        List<TokenRecord> response = t.tokens().subList(t.summary().promptTokens(), t.tokens().size());
        assertThat(response).extracting(TokenRecord::text).containsExactly(" Paris", ".", "");
        assertThat(response.get(1).logprob()).isCloseTo(Math.log(0.8), within(1e-12));
        assertThat(response.get(1).alternatives()).hasSize(2);
        assertThat(response.get(2).logprob()).isNaN();
        assertThat(t.summary().finishReason()).isEqualTo(FinishReason.MAX_TOKENS);
        assertThat(t.header().seed()).isEqualTo(4294967295L);
    }

    @Test
    void llamaCppPostSamplingProbabilities() throws Exception {
        Trace t = roundTripped(Importers.importFile(fixture("llamacpp-post-sampling.json"),
                ImportOptions.DEFAULT.withPrompt("Sure?")).get(0));

        TokenRecord yes = t.tokens().get(t.summary().promptTokens());
        assertThat(yes.logprob()).isCloseTo(Math.log(0.75), within(1e-12));
        assertThat(yes.alternatives().get(1).probability()).isEqualTo(0.25);
        assertThat(t.summary().finishReason()).isEqualTo(FinishReason.MAX_TOKENS);
    }

    @Test
    void relayLlmResultsWithTheMatchingTokenizerMarkExactlyTheLlmTokens() throws Exception {
        Path file = fixture("relayllm-results.json");
        assertThat(Importers.detect(file)).isInstanceOf(RelayLlmResultsImporter.class);

        List<Trace> traces = Importers.importFile(file, ImportOptions.DEFAULT.withTokenizer(WORDS));

        assertThat(traces).hasSize(4);
        Trace first = roundTripped(traces.get(0));
        assertThat(first.header().prompt()).isEqualTo("What is 12*13?");
        assertThat(text(first, Source.LLM)).isEqualTo("12*13 = 156.");
        assertThat(text(first, Source.COMMAND)).isEqualTo("<call>20</call>");
        assertThat(text(first, Source.SLM)).isEqualTo("We compute 12*13.  So the answer is \\boxed{156}.");
        assertThat(first.summary().llmTokens()).isEqualTo(3);
        assertThat(first.summary().llmTokenRatio()).isEqualTo(3.0 / (first.summary().responseTokens()));
        assertThat(first.calls()).hasSize(1);
        assertThat(first.calls().get(0).requested()).isEqualTo(20);
        assertThat(first.calls().get(0).delivered()).isEqualTo(3);
        assertThat(first.tokens().get(first.calls().get(0).position()).text()).isEqualTo("12*13");
        assertThat(first.responseText()).isEqualTo("We compute 12*13. <call>20</call>12*13 = 156. So the answer is \\boxed{156}.");

        Trace second = roundTripped(traces.get(1));
        assertThat(text(second, Source.LLM)).isEqualTo("LLM text");
        assertThat(second.summary().commandTokens()).isEqualTo(2);
        assertThat(second.calls()).singleElement().extracting(c -> c.requested()).isEqualTo(5);

        Trace third = roundTripped(traces.get(2));
        assertThat(text(third, Source.LLM)).as("the contribution's start_token points at the second tag").isEqualTo("c d");
        assertThat(third.calls()).singleElement().extracting(c -> c.requested()).isEqualTo(7);

        Trace fourth = roundTripped(traces.get(3));
        assertThat(fourth.summary().finishReason()).isEqualTo(FinishReason.MAX_TOKENS);
        assertThat(fourth.summary().llmTokens()).isZero();
    }

    @Test
    void relayLlmResultsWithTheDefaultCharacterTokenizerApproximate() throws Exception {
        Trace first = Importers.importFile(fixture("relayllm-results.json"), ImportOptions.DEFAULT).get(0);

        assertThat(text(first, Source.LLM)).isEqualTo("12*");
        assertThat(first.tokens()).allSatisfy(t -> assertThat(t.text().codePointCount(0, t.text().length())).isEqualTo(1));
        assertThat(first.summary().finishReason()).isEqualTo(FinishReason.SLM_EOS);
    }

    @Test
    void unknownContentGivesOneLineNamingTheKnownFormats() throws Exception {
        assertThatThrownBy(() -> Importers.detect(fixture("unknown-content.json")))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith("unknown-content.json: unknown content: expected an OpenAI chat completion")
                .hasMessageContaining("llama.cpp")
                .hasMessageContaining("RelayLLM")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aRelayScopeTraceIsOpenedNotDetected() throws IOException {
        Path file = dir.resolve("run.json");
        TraceCodec.write(TraceSamples.small(), file);

        assertThatThrownBy(() -> Importers.detect(file))
                .isInstanceOf(TraceFormatException.class)
                .hasMessage("run.json: is already a RelayScope trace; open it instead of importing it");
        assertThat(Importers.importFile(file, ImportOptions.DEFAULT)).containsExactly(TraceSamples.small());
    }

    @Test
    void brokenImportsNameTheField() throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"choices\":[{\"logprobs\":{\"content\":[{\"token\":\"a\",\"logprob\":\"x\"}]}}]}");
        assertThatThrownBy(() -> Importers.importFile(bad, ImportOptions.DEFAULT))
                .isInstanceOf(TraceFormatException.class)
                .hasMessage("bad.json: field 'choices[0].logprobs.content[0].logprob' should be a number, found a string");

        Files.writeString(bad, "{\"choices\":[{\"logprobs\":null,\"finish_reason\":\"stop\"}]}");
        assertThatThrownBy(() -> Importers.importFile(bad, ImportOptions.DEFAULT))
                .hasMessageContaining("'choices[0].logprobs' is missing or null; request the completion with logprobs: true");

        Files.writeString(bad, "[{\"response\":\"a\",\"large_model_contributions\":[{\"start_token\":4,\"end_token\":2}]}]");
        assertThatThrownBy(() -> Importers.importFile(bad, ImportOptions.DEFAULT))
                .hasMessageContaining("field '[0].large_model_contributions[0]' has start_token 4 and end_token 2");

        Files.writeString(bad, "{\"completion_probabilities\": [ {\"id\": 1, \"token\"");
        assertThatThrownBy(() -> Importers.importFile(bad, ImportOptions.DEFAULT))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void characterPiecesKeepSurrogatePairsTogether() {
        assertThat(CharacterPieces.split("a😀é")).containsExactly("a", "😀", "é");
        assertThat(String.join("", CharacterPieces.split("x\uD800y"))).isEqualTo("x\uD800y");
    }
}
