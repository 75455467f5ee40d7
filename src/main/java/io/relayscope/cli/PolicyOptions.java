package io.relayscope.cli;

import io.relayscope.trace.policy.PolicyCatalogue;
import io.relayscope.engine.Policies;
import io.relayscope.trace.PolicySpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --policy} and its parameters ({@code --threshold}, {@code --entropy}, {@code --p}, {@code --call-tokens});
 * their help comes from the policy catalogue through {@link PolicyHelp}.
 */
@Command(resourceBundle = OptionHelp.BUNDLE)
public final class PolicyOptions {
    @Option(names = "--policy", paramLabel = "NAME", defaultValue = Policies.MODEL_COMMAND, descriptionKey = "policy")
    String policy;

    @Option(names = "--threshold", paramLabel = "TAU", descriptionKey = "policy." + Policies.THRESHOLD)
    Double threshold;

    @Option(names = "--entropy", paramLabel = "H", descriptionKey = "policy." + Policies.ENTROPY)
    Double entropy;

    @Option(names = "--p", paramLabel = "P", descriptionKey = "policy." + Policies.P)
    Double p;

    @Option(names = "--call-tokens", paramLabel = "N", descriptionKey = "policy." + Policies.CALL_TOKENS)
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
        put(cl, params, name, Policies.THRESHOLD, threshold);
        put(cl, params, name, Policies.ENTROPY, entropy);
        put(cl, params, name, Policies.P, p);
        put(cl, params, name, Policies.CALL_TOKENS, callTokens == null ? null : callTokens.doubleValue());
        PolicySpec spec = Policies.spec(name, params);
        Policies.create(spec, 0); // fails early with a one-line message on a bad name or value
        return spec;
    }

    private static void put(CommandLine cl, Map<String, Double> params, String policy, String key, Double value) {
        if (value == null) {
            return;
        }
        String option = PolicyCatalogue.parameter(key).option();
        List<String> users = PolicyCatalogue.users(key);
        if (Policies.NAMES.contains(policy) && !users.contains(policy)) {
            throw new CommandLine.ParameterException(cl, option + " does not apply to the " + policy + " policy; it is used by "
                    + String.join(" and ", users));
        }
        params.put(key, value);
    }
}
