package io.relayscope.cli;

import io.relayscope.engine.Policies;
import io.relayscope.trace.PolicySpec;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --policy} and its parameters ({@code --threshold}, {@code --entropy}, {@code --p}, {@code --call-tokens}). */
public final class PolicyOptions {
    @Option(names = "--policy", paramLabel = "NAME", defaultValue = Policies.MODEL_COMMAND,
            description = "who decides calls: model-command (the SLM's own <call>n</call>), confidence, random-token, "
                    + "random-query, slm-only, llm-only (default: ${DEFAULT-VALUE})")
    String policy;

    @Option(names = "--threshold", paramLabel = "TAU",
            description = "confidence: call when the SLM's top probability is below TAU (default 0.5)")
    Double threshold;

    @Option(names = "--entropy", paramLabel = "H",
            description = "confidence: also call when the SLM's entropy (nats) is above H (default off)")
    Double entropy;

    @Option(names = "--p", paramLabel = "P",
            description = "random-token: call probability per token; random-query: probability the LLM answers (default 0.05)")
    Double p;

    @Option(names = "--call-tokens", paramLabel = "N",
            description = "confidence, random-token: tokens the LLM writes per call (default 4)")
    Integer callTokens;

    /** The policy with the given parameters; a parameter that the policy does not use is a usage error. */
    PolicySpec spec(CommandLine cl) {
        String name = policy.toLowerCase(java.util.Locale.ROOT);
        if (threshold != null) {
            OptionChecks.probability(cl, "--threshold", threshold);
        }
        if (p != null) {
            OptionChecks.probability(cl, "--p", p);
        }
        if (entropy != null) {
            OptionChecks.atLeast(cl, "--entropy", entropy, 0.0);
        }
        if (callTokens != null) {
            OptionChecks.atLeast(cl, "--call-tokens", callTokens, 1);
        }
        Map<String, Double> params = new LinkedHashMap<>();
        put(cl, params, name, "threshold", "--threshold", threshold, List.of(Policies.CONFIDENCE));
        put(cl, params, name, "entropy", "--entropy", entropy, List.of(Policies.CONFIDENCE));
        put(cl, params, name, "p", "--p", p, List.of(Policies.RANDOM_TOKEN, Policies.RANDOM_QUERY));
        put(cl, params, name, "callTokens", "--call-tokens", callTokens == null ? null : callTokens.doubleValue(),
                List.of(Policies.CONFIDENCE, Policies.RANDOM_TOKEN));
        PolicySpec spec = Policies.spec(name, params);
        Policies.create(spec, 0); // fails early with a one-line message on a bad name or value
        return spec;
    }

    private static void put(CommandLine cl, Map<String, Double> params, String policy, String key, String option,
                            Double value, List<String> users) {
        if (value == null) {
            return;
        }
        if (Policies.NAMES.contains(policy) && !users.contains(policy)) {
            throw new CommandLine.ParameterException(cl, option + " does not apply to the " + policy + " policy; it is used by "
                    + String.join(" and ", users));
        }
        params.put(key, value);
    }
}
