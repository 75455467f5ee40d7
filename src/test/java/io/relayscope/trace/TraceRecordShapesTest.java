package io.relayscope.trace;

import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guards the codec against silent data loss: if a trace record gains or loses a component, this fails until the
 * writer, the reader, trace.schema.json and docs/trace-format.md are updated (and then this list).
 */
class TraceRecordShapesTest {

    private static List<String> components(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    @Test
    void everyRecordComponentIsOneTheCodecWritesAndReads() {
        String hint = "update TraceJsonWriter, TraceJsonReader, trace.schema.json and docs/trace-format.md";
        assertThat(components(TraceHeader.class)).as(hint).containsExactly("formatVersion", "appVersion",
                "createdAt", "prompt", "promptText", "models", "tokenizerSha256", "policy", "slmSampling",
                "llmSampling", "seed", "limits", "promptSpec", "textBridge");
        assertThat(components(PromptSpec.class)).as(hint).containsExactly("format", "template", "system", "thinking");
        assertThat(components(TextBridge.class)).as(hint).containsExactly("llmTokenizerSha256", "llmPromptText",
                "llmPromptTokens");
        assertThat(components(ModelRef.class)).as(hint).containsExactly("role", "name", "path", "sha256", "parameterCount");
        assertThat(components(PolicySpec.class)).as(hint).containsExactly("name", "parameters");
        assertThat(components(SamplingSpec.class)).as(hint).containsExactly("temperature", "topK", "topP", "minP",
                "repetitionPenalty");
        assertThat(components(Limits.class)).as(hint).containsExactly("maxNewTokens", "maxCalls", "ignoreEos");
        assertThat(components(TokenRecord.class)).as(hint).containsExactly("index", "id", "text", "bytes", "source",
                "logprob", "entropy", "alternatives", "latencyMicros", "shadow");
        assertThat(components(ShadowScore.class)).as(hint).containsExactly("slmLogprob", "slmTop", "llmLogprob", "llmTop");
        assertThat(components(Alternative.class)).as(hint).containsExactly("id", "text", "probability");
        assertThat(components(CallRecord.class)).as(hint).containsExactly("number", "position", "requested",
                "delivered", "llmCatchUp", "slmCatchUp", "latencyMicros", "reason");
        assertThat(components(TraceSummary.class)).as(hint).containsExactly("promptTokens", "slmTokens", "llmTokens",
                "commandTokens", "calls", "llmTokenRatio", "finishReason", "error", "wallMicros", "slmCost", "llmCost",
                "savingVsLlmOnly", "responseText");
        assertThat(components(ModelCost.class)).as(hint).containsExactly("generatedTokens", "fedTokens",
                "forwardCalls", "wallMicros", "parameterCount", "flops", "cachedTokens", "serverTokens");
        assertThat(components(Trace.class)).as(hint).containsExactly("header", "tokens", "calls", "summary");
        assertThat(Source.values()).as(hint).extracting(Enum::name).containsExactly("PROMPT", "SLM", "LLM", "COMMAND");
        assertThat(FinishReason.values()).as(hint).extracting(Enum::name)
                .containsExactly("SLM_EOS", "LLM_EOS", "MAX_TOKENS", "CONTEXT_FULL", "CANCELLED", "ERROR");
    }
}
