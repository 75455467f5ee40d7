package io.relayscope.trace;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/** Streams a {@link Trace} as format 1.1 JSON (layout in docs/trace-format.md). */
final class TraceJsonWriter {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    private static final SerializedString INDEX = new SerializedString("index");
    private static final SerializedString ID = new SerializedString("id");
    private static final SerializedString TEXT = new SerializedString("text");
    private static final SerializedString BYTES = new SerializedString("bytes");
    private static final SerializedString SOURCE = new SerializedString("source");
    private static final SerializedString LOGPROB = new SerializedString("logprob");
    private static final SerializedString ENTROPY = new SerializedString("entropy");
    private static final SerializedString ALTERNATIVES = new SerializedString("alternatives");
    private static final SerializedString LATENCY = new SerializedString("latencyUs");
    private static final SerializedString SHADOW = new SerializedString("shadow");
    private static final SerializedString[] SOURCES = Arrays.stream(Source.values())
            .map(s -> new SerializedString(s.name())).toArray(SerializedString[]::new);

    private TraceJsonWriter() {
    }

    static void write(Trace trace, OutputStream out) throws IOException {
        write(Session.of(trace), out);
    }

    /** The session's first run at the top level (what every 1.x reader opens), the other runs and relations under "session". */
    static void write(Session session, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.setPrettyPrinter(new TraceLayoutPrinter());
            g.writeStartObject();
            g.writeStringField("format", TraceCodec.FORMAT);
            g.writeStringField("formatVersion", session.isSingle() ? Trace.FORMAT_VERSION : Session.FORMAT_VERSION);
            run(g, session.runs().get(0));
            if (!session.isSingle()) {
                session(g, session);
            }
            g.writeEndObject();
        }
    }

    private static void session(JsonGenerator g, Session s) throws IOException {
        g.writeObjectFieldStart("session");
        g.writeNumberField("shown", s.shown());
        g.writeArrayFieldStart("compare");
        for (int r : s.compare()) {
            g.writeNumber(r);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("branches");
        for (BranchLink b : s.branches()) {
            g.writeStartObject();
            g.writeNumberField("run", b.run());
            g.writeNumberField("parent", b.parent());
            g.writeNumberField("position", b.position());
            g.writeNumberField("tokenId", b.tokenId());
            g.writeStringField("tokenText", b.tokenText());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("runs");
        for (Trace t : s.runs().subList(1, s.runs().size())) {
            g.writeStartObject();
            run(g, t);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** One run's fields: header, tokens, calls, summary. */
    private static void run(JsonGenerator g, Trace trace) throws IOException {
        g.writeFieldName("header");
        header(g, trace.header());
        g.writeArrayFieldStart("tokens");
        for (TokenRecord t : trace.tokens()) {
            token(g, t);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("calls");
        for (CallRecord c : trace.calls()) {
            call(g, c);
        }
        g.writeEndArray();
        g.writeFieldName("summary");
        summary(g, trace.summary());
    }

    private static void header(JsonGenerator g, TraceHeader h) throws IOException {
        g.writeStartObject();
        g.writeStringField("appVersion", h.appVersion());
        g.writeStringField("createdAt", h.createdAt());
        g.writeStringField("prompt", h.prompt());
        g.writeStringField("promptText", h.promptText());
        if (h.promptSpec().recorded()) {
            g.writeObjectFieldStart("promptSpec");
            g.writeStringField("format", h.promptSpec().format());
            g.writeStringField("template", h.promptSpec().template());
            g.writeStringField("system", h.promptSpec().system());
            g.writeStringField("thinking", h.promptSpec().thinking());
            g.writeEndObject();
        }
        g.writeArrayFieldStart("models");
        for (ModelRef m : h.models()) {
            g.writeStartObject();
            g.writeStringField("role", m.role());
            g.writeStringField("name", m.name());
            g.writeStringField("path", m.path());
            g.writeStringField("sha256", m.sha256());
            g.writeNumberField("parameterCount", m.parameterCount());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("tokenizerSha256", h.tokenizerSha256());
        if (h.textBridge().isPresent()) {
            g.writeObjectFieldStart("textBridge");
            g.writeStringField("llmTokenizerSha256", h.textBridge().get().llmTokenizerSha256());
            g.writeStringField("llmPromptText", h.textBridge().get().llmPromptText());
            g.writeNumberField("llmPromptTokens", h.textBridge().get().llmPromptTokens());
            g.writeEndObject();
        }
        g.writeFieldName("policy");
        policy(g, h.policy());
        g.writeFieldName("slmSampling");
        sampling(g, h.slmSampling());
        g.writeFieldName("llmSampling");
        sampling(g, h.llmSampling());
        g.writeNumberField("seed", h.seed());
        g.writeFieldName("limits");
        if (h.limits() == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            g.writeNumberField("maxNewTokens", h.limits().maxNewTokens());
            g.writeNumberField("maxCalls", h.limits().maxCalls());
            g.writeBooleanField("ignoreEos", h.limits().ignoreEos());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void policy(JsonGenerator g, PolicySpec p) throws IOException {
        if (p == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("name", p.name());
        g.writeObjectFieldStart("parameters");
        for (Map.Entry<String, Double> e : p.parameters().entrySet()) {
            g.writeFieldName(wellFormed(e.getKey()));
            real(g, e.getValue() == null ? Double.NaN : e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void sampling(JsonGenerator g, SamplingSpec s) throws IOException {
        if (s == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeFieldName("temperature");
        real(g, s.temperature());
        g.writeNumberField("topK", s.topK());
        g.writeFieldName("topP");
        real(g, s.topP());
        // optional: left out when off, so traces without them stay as they were
        if (Double.compare(s.minP(), SamplingSpec.MIN_P_OFF) != 0) {
            g.writeFieldName("minP");
            real(g, s.minP());
        }
        if (Double.compare(s.repetitionPenalty(), SamplingSpec.REPETITION_PENALTY_OFF) != 0) {
            g.writeFieldName("repetitionPenalty");
            real(g, s.repetitionPenalty());
        }
        g.writeEndObject();
    }

    private static void token(JsonGenerator g, TokenRecord t) throws IOException {
        g.writeStartObject();
        g.writeFieldName(INDEX);
        g.writeNumber(t.index());
        g.writeFieldName(ID);
        g.writeNumber(t.id());
        g.writeFieldName(TEXT);
        g.writeString(t.text());
        byte[] bytes = t.bytes();
        if (!Arrays.equals(bytes, t.text().getBytes(StandardCharsets.UTF_8))) {
            g.writeFieldName(BYTES);
            g.writeString(Base64.getEncoder().encodeToString(bytes));
        }
        g.writeFieldName(SOURCE);
        g.writeString(SOURCES[t.source().ordinal()]);
        g.writeFieldName(LOGPROB);
        real(g, t.logprob());
        g.writeFieldName(ENTROPY);
        real(g, t.entropy());
        if (!t.alternatives().isEmpty()) {
            g.writeFieldName(ALTERNATIVES);
            g.writeStartArray();
            for (Alternative a : t.alternatives()) {
                g.writeStartArray();
                g.writeNumber(a.id());
                g.writeString(a.text());
                real(g, a.probability());
                g.writeEndArray();
            }
            g.writeEndArray();
        }
        if (t.latencyMicros() != 0) {
            g.writeFieldName(LATENCY);
            g.writeNumber(t.latencyMicros());
        }
        if (t.shadow().isPresent()) {
            ShadowScore s = t.shadow().get();
            g.writeFieldName(SHADOW);
            g.writeStartArray();
            real(g, s.slmLogprob());
            g.writeNumber(s.slmTop());
            real(g, s.llmLogprob());
            g.writeNumber(s.llmTop());
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void call(JsonGenerator g, CallRecord c) throws IOException {
        g.writeStartObject();
        g.writeNumberField("number", c.number());
        g.writeNumberField("position", c.position());
        g.writeNumberField("requested", c.requested());
        g.writeNumberField("delivered", c.delivered());
        g.writeNumberField("llmCatchUp", c.llmCatchUp());
        g.writeNumberField("slmCatchUp", c.slmCatchUp());
        g.writeNumberField("latencyUs", c.latencyMicros());
        g.writeStringField("reason", c.reason());
        g.writeEndObject();
    }

    private static void summary(JsonGenerator g, TraceSummary s) throws IOException {
        g.writeStartObject();
        g.writeNumberField("promptTokens", s.promptTokens());
        g.writeNumberField("slmTokens", s.slmTokens());
        g.writeNumberField("llmTokens", s.llmTokens());
        g.writeNumberField("commandTokens", s.commandTokens());
        g.writeNumberField("calls", s.calls());
        g.writeFieldName("llmTokenRatio");
        real(g, s.llmTokenRatio());
        g.writeStringField("finishReason", s.finishReason() == null ? null : s.finishReason().name());
        g.writeStringField("error", s.error());
        g.writeNumberField("wallUs", s.wallMicros());
        g.writeFieldName("slmCost");
        cost(g, s.slmCost());
        g.writeFieldName("llmCost");
        cost(g, s.llmCost());
        g.writeFieldName("savingVsLlmOnly");
        real(g, s.savingVsLlmOnly());
        g.writeStringField("responseText", s.responseText());
        g.writeEndObject();
    }

    private static void cost(JsonGenerator g, ModelCost c) throws IOException {
        if (c == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeNumberField("generatedTokens", c.generatedTokens());
        g.writeNumberField("fedTokens", c.fedTokens());
        g.writeNumberField("forwardCalls", c.forwardCalls());
        g.writeNumberField("wallUs", c.wallMicros());
        g.writeNumberField("parameterCount", c.parameterCount());
        g.writeFieldName("flops");
        real(g, c.flops());
        if (c.cachedTokens() >= 0) {
            g.writeNumberField("cachedTokens", c.cachedTokens());
        }
        if (c.serverTokens() >= 0) {
            g.writeNumberField("serverTokens", c.serverTokens());
        }
        g.writeEndObject();
    }

    /** The name with unpaired surrogates replaced by U+FFFD: JSON parsers reject them in field names. */
    private static String wellFormed(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                sb.append(c).append(name.charAt(++i));
            } else {
                sb.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return sb.toString();
    }

    /** A double: NaN as null, infinities as the strings "Infinity" and "-Infinity", else a JSON number. */
    private static void real(JsonGenerator g, double v) throws IOException {
        if (Double.isNaN(v)) {
            g.writeNull();
        } else if (Double.isInfinite(v)) {
            g.writeString(v > 0 ? "Infinity" : "-Infinity");
        } else {
            g.writeNumber(v);
        }
    }
}
