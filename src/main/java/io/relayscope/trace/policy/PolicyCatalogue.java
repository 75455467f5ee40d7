package io.relayscope.trace.policy;

import java.util.List;
import java.util.Map;

/**
 * The one catalogue of the built-in call policies: names, summaries, help texts, parameters with their options,
 * labels, defaults and ranges. The CLI's options and the app's controls and tooltips are all read from here.
 */
public final class PolicyCatalogue {
    public static final String MODEL_COMMAND = "model-command";
    public static final String CONFIDENCE = "confidence";
    public static final String RANDOM_TOKEN = "random-token";
    public static final String RANDOM_QUERY = "random-query";
    public static final String SLM_ONLY = "slm-only";
    public static final String LLM_ONLY = "llm-only";

    /** Parameter keys as stored in a trace's policy parameters. */
    public static final String THRESHOLD = "threshold";
    public static final String ENTROPY = "entropy";
    public static final String P = "p";
    public static final String CALL_TOKENS = "callTokens";

    /** Every parameter, in the order the app shows them. */
    public static final List<PolicyParameter> PARAMETERS = List.of(
            new PolicyParameter(THRESHOLD, "--threshold", "Threshold (top p)",
                    "call when the SLM's top probability is below this", 0.5, 0, 1, 0.05, false, false),
            new PolicyParameter(ENTROPY, "--entropy", "Entropy limit (0 off)",
                    "also call when the SLM's entropy (nats) is above this", 0, 0, 10, 0.1, false, true),
            new PolicyParameter(P, "--p", "p (call chance)",
                    "random-token: the chance of a call before each SLM token; random-query: the chance that the LLM "
                            + "answers the whole question", 0.05, 0, 1, 0.01, false, false),
            new PolicyParameter(CALL_TOKENS, "--call-tokens", "Tokens per call",
                    "how many tokens the LLM writes at each call the policy makes", 4, 1, 512, 1, true, false));

    /** Every policy, in the order the CLI and the app list them. */
    public static final List<PolicyInfo> CATALOGUE = List.of(
            new PolicyInfo(MODEL_COMMAND, "the SLM's own <call>n</call>",
                    "The relay-trained SLM decides: it writes <call>n</call> when it wants the LLM to write the next n "
                            + "tokens (RelayLLM)", List.of()),
            new PolicyInfo(CONFIDENCE, "call when the SLM is unsure",
                    "A router outside the SLM: before each SLM token, call the LLM when the SLM's top probability is "
                            + "below the threshold (or its entropy above the limit), for a fixed number of tokens",
                    List.of(THRESHOLD, ENTROPY, CALL_TOKENS)),
            new PolicyInfo(RANDOM_TOKEN, "call at random tokens",
                    "A baseline: before each SLM token, call the LLM with probability p, for a fixed number of tokens",
                    List.of(P, CALL_TOKENS)),
            new PolicyInfo(RANDOM_QUERY, "the LLM answers a random share of questions",
                    "A baseline: with probability p the LLM writes the whole answer, else the SLM alone does",
                    List.of(P)),
            new PolicyInfo(SLM_ONLY, "the SLM alone",
                    "The SLM writes every token and never calls; its own <call> commands are suppressed", List.of()),
            new PolicyInfo(LLM_ONLY, "the LLM alone",
                    "The LLM writes every token: the baseline every cost saving is measured against", List.of()));

    public static final List<String> NAMES = CATALOGUE.stream().map(PolicyInfo::name).toList();

    /** Default parameters by key (the entropy limit is off by default and has none). */
    public static final Map<String, Double> DEFAULTS = PARAMETERS.stream().filter(p -> !p.zeroIsOff())
            .collect(java.util.stream.Collectors.toUnmodifiableMap(PolicyParameter::key, PolicyParameter::defaultValue));

    /** The catalogue entry of a policy; unknown names are an {@link IllegalArgumentException} naming the known ones. */
    public static PolicyInfo info(String name) {
        return CATALOGUE.stream().filter(i -> i.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown policy '" + name + "'; use one of " + String.join(", ", NAMES)));
    }

    /** The catalogue entry of a parameter by key. */
    public static PolicyParameter parameter(String key) {
        return PARAMETERS.stream().filter(p -> p.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no policy parameter " + key));
    }

    /** The names of the policies that read a parameter. */
    public static List<String> users(String key) {
        return CATALOGUE.stream().filter(i -> i.uses(key)).map(PolicyInfo::name).toList();
    }

    private PolicyCatalogue() {
    }
}
