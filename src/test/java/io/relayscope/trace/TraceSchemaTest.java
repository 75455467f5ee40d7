package io.relayscope.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Structural checks of trace.schema.json against what the codec writes (no JSON-Schema validator is at hand). */
class TraceSchemaTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode schema() throws IOException {
        try (InputStream in = TraceCodec.class.getResourceAsStream(TraceCodec.SCHEMA_RESOURCE)) {
            assertThat(in).as("schema on the class path").isNotNull();
            return MAPPER.readTree(in);
        }
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> set = new TreeSet<>();
        array.forEach(n -> set.add(n.textValue()));
        return set;
    }

    /** The small sample and a copy of it as its branch at its first response token (the same token forced). */
    private static Session twoRuns() {
        Trace t = TraceSamples.small();
        int at = t.summary().promptTokens();
        return new Session(List.of(t, t), List.of(new BranchLink(1, 0, at, t.tokens().get(at).id(), t.tokens().get(at).text())),
                List.of(0, 1), 1);
    }

    private static JsonNode written() throws IOException {
        return MAPPER.readTree(TraceCodec.writeString(TraceSamples.small()));
    }

    @Test
    void schemaIsDraft202012WithTheTopLevelTheCodecWrites() throws IOException {
        JsonNode schema = schema();
        JsonNode json = written();

        assertThat(schema.get("$schema").textValue()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(texts(schema.get("required"))).isEqualTo(names(json));
        // the properties: every required one plus the optional session of a file with several runs
        JsonNode session = MAPPER.readTree(TraceCodec.writeSessionString(twoRuns()));
        assertThat(names(schema.get("properties"))).isEqualTo(names(session));
        JsonNode defs = schema.get("$defs");
        assertThat(texts(defs.get("session").get("required"))).isEqualTo(names(session.get("session")));
        assertThat(names(defs.get("session").get("properties"))).isEqualTo(names(session.get("session")));
        assertThat(texts(defs.get("branch").get("required"))).isEqualTo(names(session.get("session").get("branches").get(0)));
        assertThat(texts(defs.get("run").get("required"))).isEqualTo(names(session.get("session").get("runs").get(0)));
        assertThat(Session.FORMAT_VERSION).matches(schema.get("properties").get("formatVersion").get("pattern").textValue());
        assertThat(schema.get("properties").get("format").get("const").textValue()).isEqualTo(TraceCodec.FORMAT);
        assertThat(Trace.FORMAT_VERSION).matches(schema.get("properties").get("formatVersion").get("pattern").textValue());
    }

    @Test
    void headerAndSummaryRequireExactlyWhatIsWritten() throws IOException {
        JsonNode defs = schema().get("$defs");
        JsonNode json = written();

        for (String[] pair : new String[][] {{"header", "header"}, {"summary", "summary"}}) {
            JsonNode def = defs.get(pair[0]);
            assertThat(texts(def.get("required"))).as(pair[0]).isEqualTo(names(json.get(pair[1])));
        }
        assertThat(names(defs.get("summary").get("properties"))).isEqualTo(names(json.get("summary")));
        // the header's properties: every required one plus the optional promptSpec and textBridge, written when present
        Trace t = TraceSamples.small();
        TraceHeader h = t.header();
        Trace withSpec = new Trace(new TraceHeader(h.formatVersion(), h.appVersion(), h.createdAt(), h.prompt(),
                h.promptText(), h.models(), h.tokenizerSha256(), h.policy(), h.slmSampling(), h.llmSampling(), h.seed(),
                h.limits(), new PromptSpec("chat-template", "tokenizer_config.json", "", "off"),
                java.util.Optional.of(new TextBridge("ab12", "<|begin_of_text|>2 + 3?", 7))), t.tokens(), t.calls(),
                t.summary());
        JsonNode full = MAPPER.readTree(TraceCodec.writeString(withSpec)).get("header");
        assertThat(names(defs.get("header").get("properties"))).isEqualTo(names(full));
        assertThat(names(defs.get("header").get("properties").get("promptSpec").get("properties")))
                .isEqualTo(names(full.get("promptSpec")));
        assertThat(names(defs.get("header").get("properties").get("textBridge").get("properties")))
                .isEqualTo(names(full.get("textBridge")));
        assertThat(texts(defs.get("header").get("properties").get("textBridge").get("required")))
                .isEqualTo(names(full.get("textBridge")));
        assertThat(texts(defs.get("model").get("required"))).isEqualTo(names(json.get("header").get("models").get(0)));
        assertThat(texts(defs.get("policy").get("required"))).isEqualTo(names(json.get("header").get("policy")));
        assertThat(texts(defs.get("sampling").get("required"))).isEqualTo(names(json.get("header").get("slmSampling")));
        assertThat(texts(defs.get("limits").get("required"))).isEqualTo(names(json.get("header").get("limits")));
        assertThat(texts(defs.get("cost").get("required"))).isEqualTo(names(json.get("summary").get("slmCost")));
    }

    @Test
    void tokenAndCallPropertiesCoverEverythingWritten() throws IOException {
        JsonNode defs = schema().get("$defs");
        JsonNode json = written();

        Set<String> tokenKeys = new TreeSet<>();
        json.get("tokens").forEach(t -> tokenKeys.addAll(names(t)));
        assertThat(names(defs.get("token").get("properties"))).isEqualTo(tokenKeys);
        assertThat(tokenKeys).containsAll(texts(defs.get("token").get("required")));
        assertThat(names(defs.get("call").get("properties"))).isEqualTo(names(json.get("calls").get(0)));
        List<String> sources = new ArrayList<>();
        defs.get("token").get("properties").get("source").get("enum").forEach(n -> sources.add(n.textValue()));
        assertThat(sources).containsExactly("PROMPT", "SLM", "LLM", "COMMAND");
        assertThat(defs.get("token").get("properties").get("alternatives").get("maxItems").intValue())
                .isEqualTo(TraceLimits.DEFAULT.maxAlternatives());
    }

    @Test
    void everyReferenceResolves() throws IOException {
        JsonNode schema = schema();
        List<String> refs = new ArrayList<>();
        collectRefs(schema, refs);

        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith("#/$defs/");
            assertThat(schema.get("$defs").has(ref.substring("#/$defs/".length()))).as(ref).isTrue();
        }
    }

    @Test
    void documentationEmbedsTheSameSchema() throws IOException {
        String doc = Files.readString(Path.of("docs", "trace-format.md"));
        Matcher m = Pattern.compile("<!-- schema:begin -->\\s*```json\\n(.*?)```\\s*<!-- schema:end -->", Pattern.DOTALL)
                .matcher(doc);

        assertThat(m.find()).as("schema block in docs/trace-format.md").isTrue();
        assertThat(MAPPER.readTree(m.group(1))).isEqualTo(schema());
        assertThat(doc).contains("src/main/resources/io/relayscope/trace/trace.schema.json");
    }

    @Test
    void documentationShowsTheCurrentFormatVersionsAndItsExampleReads() throws IOException {
        String doc = Files.readString(Path.of("docs", "trace-format.md"));
        assertThat(doc).startsWith("# RelayScope trace format (version " + Session.FORMAT_VERSION + ")");
        assertThat(doc).contains("this release writes `" + Trace.FORMAT_VERSION + "` for a single trace and `"
                + Session.FORMAT_VERSION + "` for a session file");
        Matcher v = Pattern.compile("\"formatVersion\": \"([^\"]*)\"").matcher(doc);
        List<String> shown = new ArrayList<>();
        while (v.find()) {
            shown.add(v.group(1));
        }
        assertThat(shown).as("every formatVersion the page shows").isNotEmpty()
                .allSatisfy(x -> assertThat(x).isIn(Trace.FORMAT_VERSION, Session.FORMAT_VERSION));
        Matcher example = Pattern.compile("## Example.*?```json\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(example.find()).as("the example in docs/trace-format.md").isTrue();
        Trace t = TraceCodec.readString(example.group(1));
        assertThat(t.header().formatVersion()).isEqualTo(Trace.FORMAT_VERSION);
        assertThat(t.tokens().get(2).shadow()).as("the example shows 1.1's shadow field").isPresent();
        assertThat(CriticalTokens.of(t).critical()).isEqualTo(1);
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().textValue());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, refs));
        }
    }
}
