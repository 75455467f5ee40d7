package io.relayscope.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relayscope.trace.CallRecord;
import io.relayscope.trace.Limits;
import io.relayscope.trace.PolicySpec;
import io.relayscope.trace.SamplingSpec;
import io.relayscope.trace.Source;
import io.relayscope.trace.Trace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared protocol cases (src/test/resources/protocol-cases.jsonl), which the Python port's
 * training/tests/test_protocol_cases.py runs too: scripted models, expected sources, calls, feeds, finish.
 */
class ProtocolCasesTest {
    static final Path CASES = Path.of("src/test/resources/protocol-cases.jsonl");
    private static final int EOS = 256;
    private static TextTokenizer tok;

    @BeforeAll
    static void load() {
        tok = TestModels.tokenizer();
    }

    @AfterAll
    static void close() {
        tok.close();
    }

    static List<JsonNode> cases() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(CASES)) {
            if (!line.isBlank()) {
                out.add(json.readTree(line));
            }
        }
        assertThat(out).as("cases in " + CASES).hasSizeGreaterThan(10);
        return out;
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("cases")
    void caseRunsAsExpected(JsonNode c) {
        int promptLength = tok.encode(c.get("prompt").asText()).length;
        ScriptedLm slm = scripted("slm", c.get("slm"), promptLength);
        if (c.has("slmRunnerUp")) {
            slm.withRunnerUp(tok.encode(c.get("slmRunnerUp").asText())[0]);
        }
        ScriptedLm llm = scripted("llm", c.get("llm"), promptLength);
        Map<String, Double> params = new HashMap<>();
        c.get("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asDouble()));
        RelayRequest request = new RelayRequest(c.get("prompt").asText(), new PolicySpec(c.get("policy").asText(), params),
                SamplingSpec.GREEDY, SamplingSpec.GREEDY, 1,
                new Limits(c.get("maxNewTokens").asInt(), c.get("maxCalls").asInt()));
        Trace t = new RelayEngine(ModelPair.of(slm, llm)).run(request);
        JsonNode expect = c.get("expect");
        String name = c.get("name").asText();

        assertThat(sources(t)).as(name).isEqualTo(expect.get("sources").asText());
        assertThat(t.summary().responseText()).as(name).isEqualTo(expect.get("text").asText());
        assertThat(t.summary().finishReason().name().toLowerCase()).as(name).isEqualTo(expect.get("finish").asText());
        List<String> calls = new ArrayList<>();
        for (CallRecord call : t.calls()) {
            calls.add((call.position() - promptLength) + "/" + call.requested() + "/" + call.delivered());
        }
        List<String> expectedCalls = new ArrayList<>();
        for (JsonNode e : expect.get("calls")) {
            expectedCalls.add(e.get("position").asInt() + "/" + e.get("requested").asInt() + "/" + e.get("delivered").asInt());
        }
        assertThat(calls).as(name + ": calls").isEqualTo(expectedCalls);
        for (int i = 0; i < t.calls().size(); i++) {
            assertThat(t.calls().get(i).reason()).as(name).startsWith(expect.get("calls").get(i).get("reason").asText());
        }
        if (expect.has("llmFeeds")) {
            assertThat(texts(llm.feeds)).as(name + ": LLM feeds").isEqualTo(strings(expect.get("llmFeeds")));
        }
        if (expect.has("slmFeeds")) {
            assertThat(texts(slm.feeds)).as(name + ": SLM feeds").isEqualTo(strings(expect.get("slmFeeds")));
        }
    }

    /** A model whose next token is a function of its context's length after the prompt (EOS where unscripted). */
    private static ScriptedLm scripted(String role, JsonNode script, int promptLength) {
        Map<Integer, Integer> at = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = script.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int[] ids = e.getValue().isObject() ? e.getValue().get("spelled").asText().chars().toArray()
                    : tok.encode(e.getValue().asText());
            for (int i = 0; i < ids.length; i++) {
                at.put(Integer.parseInt(e.getKey()) + i, ids[i]);
            }
        }
        return new ScriptedLm(role, tok, ctx -> at.getOrDefault(ctx.size() - promptLength, EOS));
    }

    private static String sources(Trace t) {
        return t.tokens().stream().filter(x -> x.source() != Source.PROMPT)
                .map(x -> switch (x.source()) {
                    case SLM -> "S";
                    case LLM -> "L";
                    case COMMAND -> "C";
                    default -> "?";
                }).collect(Collectors.joining());
    }

    private static List<String> texts(List<int[]> feeds) {
        return feeds.stream().map(tok::decode).toList();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
