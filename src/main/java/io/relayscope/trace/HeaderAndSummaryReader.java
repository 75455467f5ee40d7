package io.relayscope.trace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the header and summary objects of a trace (small, every field required) for {@link TraceJsonReader}. */
final class HeaderAndSummaryReader {

    private final JsonInput in;
    private final TraceLimits limits;

    HeaderAndSummaryReader(JsonInput in, TraceLimits limits) {
        this.in = in;
        this.limits = limits;
    }

    static void require(JsonInput in, Set<String> seen, String... fields) {
        for (String f : fields) {
            if (!seen.contains(f)) {
                throw in.missing(f);
            }
        }
    }

    TraceHeader header() throws IOException {
        in.expectObject();
        Set<String> seen = new HashSet<>();
        String appVersion = null;
        String createdAt = null;
        String prompt = null;
        String promptText = null;
        String tokenizer = null;
        List<ModelRef> models = List.of();
        PolicySpec policy = null;
        SamplingSpec slm = null;
        SamplingSpec llm = null;
        long seed = 0;
        Limits lim = null;
        PromptSpec promptSpec = PromptSpec.UNRECORDED;
        java.util.Optional<TextBridge> bridge = java.util.Optional.empty();
        String name;
        while ((name = in.nextField()) != null) {
            seen.add(name);
            switch (name) {
                case "promptSpec" -> promptSpec = promptSpec();
                case "textBridge" -> bridge = java.util.Optional.of(textBridge());
                case "appVersion" -> appVersion = in.string(true);
                case "createdAt" -> createdAt = in.string(true);
                case "prompt" -> prompt = in.string(true);
                case "promptText" -> promptText = in.string(true);
                case "models" -> models = models();
                case "tokenizerSha256" -> tokenizer = in.string(true);
                case "policy" -> policy = policy();
                case "slmSampling" -> slm = sampling();
                case "llmSampling" -> llm = sampling();
                case "seed" -> seed = in.longInteger();
                case "limits" -> lim = limits();
                default -> in.skip();
            }
        }
        require(in, seen, "appVersion", "createdAt", "prompt", "promptText", "models", "tokenizerSha256",
                "policy", "slmSampling", "llmSampling", "seed", "limits");
        return new TraceHeader(null, appVersion, createdAt, prompt, promptText, models, tokenizer, policy,
                slm, llm, seed, lim, promptSpec, bridge);
    }

    /** The optional textBridge object (a pair with two tokenizers): every field required. */
    private TextBridge textBridge() throws IOException {
        in.expectObject();
        Set<String> seen = new HashSet<>();
        String tokenizer = null;
        String promptText = null;
        int promptTokens = 0;
        String name;
        while ((name = in.nextField()) != null) {
            seen.add(name);
            switch (name) {
                case "llmTokenizerSha256" -> tokenizer = in.string(true);
                case "llmPromptText" -> promptText = in.string(true);
                case "llmPromptTokens" -> promptTokens = in.integer();
                default -> in.skip();
            }
        }
        require(in, seen, "llmTokenizerSha256", "llmPromptText", "llmPromptTokens");
        return new TextBridge(tokenizer, promptText, promptTokens);
    }

    /** The optional promptSpec object: format, template, system, thinking (each optional). */
    private PromptSpec promptSpec() throws IOException {
        in.expectObject();
        String format = null;
        String template = null;
        String system = null;
        String thinking = null;
        String name;
        while ((name = in.nextField()) != null) {
            switch (name) {
                case "format" -> format = in.string(true);
                case "template" -> template = in.string(true);
                case "system" -> system = in.string(true);
                case "thinking" -> thinking = in.string(true);
                default -> in.skip();
            }
        }
        return new PromptSpec(format, template, system, thinking);
    }

    private List<ModelRef> models() throws IOException {
        in.expectArray();
        List<ModelRef> models = new ArrayList<>();
        while (in.nextElement(models.size(), limits.maxModels())) {
            in.expectObject();
            Set<String> seen = new HashSet<>();
            String role = null;
            String modelName = null;
            String path = null;
            String sha = null;
            long params = 0;
            String name;
            while ((name = in.nextField()) != null) {
                seen.add(name);
                switch (name) {
                    case "role" -> role = in.string(true);
                    case "name" -> modelName = in.string(true);
                    case "path" -> path = in.string(true);
                    case "sha256" -> sha = in.string(true);
                    case "parameterCount" -> params = in.longInteger();
                    default -> in.skip();
                }
            }
            require(in, seen, "role", "name", "path", "sha256", "parameterCount");
            models.add(new ModelRef(role, modelName, path, sha, params));
        }
        return models;
    }

    private PolicySpec policy() throws IOException {
        if (in.isNull()) {
            return null;
        }
        in.expectObject();
        Set<String> seen = new HashSet<>();
        String policyName = null;
        Map<String, Double> parameters = new LinkedHashMap<>();
        String name;
        while ((name = in.nextField()) != null) {
            seen.add(name);
            switch (name) {
                case "name" -> policyName = in.string(true);
                case "parameters" -> {
                    in.expectObject();
                    String key;
                    while ((key = in.nextField()) != null) {
                        if (parameters.size() >= limits.maxPolicyParameters()) {
                            throw new TraceFormatException(in.label, "field 'header.policy.parameters' has more than "
                                    + limits.maxPolicyParameters() + " entries (the limit)");
                        }
                        parameters.put(key, in.real());
                    }
                }
                default -> in.skip();
            }
        }
        require(in, seen, "name", "parameters");
        return new PolicySpec(policyName, parameters);
    }

    private SamplingSpec sampling() throws IOException {
        if (in.isNull()) {
            return null;
        }
        in.expectObject();
        Set<String> seen = new HashSet<>();
        double temperature = 0;
        int topK = 0;
        double topP = 1;
        double minP = SamplingSpec.MIN_P_OFF;
        double repetitionPenalty = SamplingSpec.REPETITION_PENALTY_OFF;
        String name;
        while ((name = in.nextField()) != null) {
            seen.add(name);
            switch (name) {
                case "temperature" -> temperature = in.real();
                case "topK" -> topK = in.integer();
                case "topP" -> topP = in.real();
                case "minP" -> minP = in.real();
                case "repetitionPenalty" -> repetitionPenalty = in.real();
                default -> in.skip();
            }
        }
        require(in, seen, "temperature", "topK", "topP");
        return new SamplingSpec(temperature, topK, topP, minP, repetitionPenalty);
    }

    private Limits limits() throws IOException {
        if (in.isNull()) {
            return null;
        }
        in.expectObject();
        Set<String> seen = new HashSet<>();
        int maxNew = 0;
        int maxCalls = 0;
        boolean ignoreEos = false;
        String name;
        while ((name = in.nextField()) != null) {
            seen.add(name);
            switch (name) {
                case "maxNewTokens" -> maxNew = in.integer();
                case "maxCalls" -> maxCalls = in.integer();
                case "ignoreEos" -> ignoreEos = in.bool();
                default -> in.skip();
            }
        }
        require(in, seen, "maxNewTokens", "maxCalls", "ignoreEos");
        return new Limits(maxNew, maxCalls, ignoreEos);
    }

    TraceSummary summary() throws IOException {
        in.expectObject();
        Set<String> seen = new HashSet<>();
        int prompt = 0;
        int slm = 0;
        int llm = 0;
        int command = 0;
        int calls = 0;
        double ratio = Double.NaN;
        FinishReason finish = null;
        String error = null;
        long wall = 0;
        ModelCost slmCost = null;
        ModelCost llmCost = null;
        double saving = Double.NaN;
        String response = null;
        String name;
        while ((name = in.nextField()) != null) {
            seen.add(name);
            switch (name) {
                case "promptTokens" -> prompt = in.integer();
                case "slmTokens" -> slm = in.integer();
                case "llmTokens" -> llm = in.integer();
                case "commandTokens" -> command = in.integer();
                case "calls" -> calls = in.integer();
                case "llmTokenRatio" -> ratio = in.real();
                case "finishReason" -> finish = in.enumValue(FinishReason.class, true);
                case "error" -> error = in.string(true);
                case "wallUs" -> wall = in.longInteger();
                case "slmCost" -> slmCost = cost();
                case "llmCost" -> llmCost = cost();
                case "savingVsLlmOnly" -> saving = in.real();
                case "responseText" -> response = in.string(true);
                default -> in.skip();
            }
        }
        require(in, seen, "promptTokens", "slmTokens", "llmTokens", "commandTokens", "calls", "llmTokenRatio",
                "finishReason", "error", "wallUs", "slmCost", "llmCost", "savingVsLlmOnly", "responseText");
        return new TraceSummary(prompt, slm, llm, command, calls, ratio, finish, error, wall, slmCost, llmCost,
                saving, response);
    }

    private ModelCost cost() throws IOException {
        if (in.isNull()) {
            return null;
        }
        in.expectObject();
        Set<String> seen = new HashSet<>();
        long generated = 0;
        long fed = 0;
        long forwards = 0;
        long wall = 0;
        long params = 0;
        double flops = Double.NaN;
        long cached = ModelCost.NOT_REPORTED;
        long server = ModelCost.NOT_REPORTED;
        String name;
        while ((name = in.nextField()) != null) {
            seen.add(name);
            switch (name) {
                case "generatedTokens" -> generated = in.longInteger();
                case "fedTokens" -> fed = in.longInteger();
                case "forwardCalls" -> forwards = in.longInteger();
                case "wallUs" -> wall = in.longInteger();
                case "parameterCount" -> params = in.longInteger();
                case "flops" -> flops = in.real();
                case "cachedTokens" -> cached = in.longInteger();
                case "serverTokens" -> server = in.longInteger();
                default -> in.skip();
            }
        }
        require(in, seen, "generatedTokens", "fedTokens", "forwardCalls", "wallUs", "parameterCount", "flops");
        return new ModelCost(generated, fed, forwards, wall, params, flops, cached, server);
    }
}
