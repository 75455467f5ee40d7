package io.relayscope.engine;

import io.relayscope.trace.PolicySpec;
import io.relayscope.trace.policy.PolicyCatalogue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Builds the call policies of the policy catalogue ({@link PolicyCatalogue}: names, help, parameters and defaults,
 * which the CLI and the app read); the constants here are the catalogue's, for the engine's callers.
 */
public final class Policies {
    public static final String MODEL_COMMAND = PolicyCatalogue.MODEL_COMMAND;
    public static final String CONFIDENCE = PolicyCatalogue.CONFIDENCE;
    public static final String RANDOM_TOKEN = PolicyCatalogue.RANDOM_TOKEN;
    public static final String RANDOM_QUERY = PolicyCatalogue.RANDOM_QUERY;
    public static final String SLM_ONLY = PolicyCatalogue.SLM_ONLY;
    public static final String LLM_ONLY = PolicyCatalogue.LLM_ONLY;
    public static final String THRESHOLD = PolicyCatalogue.THRESHOLD;
    public static final String ENTROPY = PolicyCatalogue.ENTROPY;
    public static final String P = PolicyCatalogue.P;
    public static final String CALL_TOKENS = PolicyCatalogue.CALL_TOKENS;
    public static final List<String> NAMES = PolicyCatalogue.NAMES;
    public static final Map<String, Double> DEFAULTS = PolicyCatalogue.DEFAULTS;

    private Policies() {
    }

    public static PolicySpec spec(String name, Map<String, Double> params) {
        return new PolicySpec(name, params);
    }

    /** Builds a policy; unknown names or out-of-range parameters are one-line {@link UserFacingException}s. */
    public static CallPolicy create(PolicySpec spec, long seed) {
        String name = spec.name().toLowerCase(Locale.ROOT);
        int n = (int) spec.parameter(CALL_TOKENS, DEFAULTS.get(CALL_TOKENS));
        Random random = new Random(seed * 31 + 17);
        return switch (name) {
            case MODEL_COMMAND -> new CallPolicy() {
                @Override
                public boolean followsCommands() {
                    return true;
                }
            };
            case CONFIDENCE -> confidence(spec.parameter(THRESHOLD, DEFAULTS.get(THRESHOLD)),
                    spec.parameter(ENTROPY, Double.POSITIVE_INFINITY), requirePositive(n, CALL_TOKENS));
            case RANDOM_TOKEN -> randomToken(probability(spec.parameter(P, DEFAULTS.get(P))),
                    requirePositive(n, CALL_TOKENS), random);
            case RANDOM_QUERY -> {
                boolean all = random.nextDouble() < probability(spec.parameter(P, DEFAULTS.get(P)));
                yield new CallPolicy() {
                    @Override
                    public boolean llmWritesAll() {
                        return all;
                    }
                };
            }
            case SLM_ONLY -> new CallPolicy() {
            };
            case LLM_ONLY -> new CallPolicy() {
                @Override
                public boolean llmWritesAll() {
                    return true;
                }
            };
            default -> throw new UserFacingException("unknown policy '" + spec.name() + "'; use one of " + String.join(", ", NAMES));
        };
    }

    private static CallPolicy confidence(double threshold, double entropy, int n) {
        return new CallPolicy() {
            @Override
            public boolean decidesBeforeTokens() {
                return true;
            }

            @Override
            public CallDecision beforeSlmToken(StepScores slm) {
                double top = slm.topProbability();
                if (top < threshold) {
                    return new CallDecision(n, String.format(Locale.ROOT, "confidence: top p %.3f < %.3f", top, threshold));
                }
                if (slm.entropy() > entropy) {
                    return new CallDecision(n, String.format(Locale.ROOT, "confidence: entropy %.3f > %.3f", slm.entropy(), entropy));
                }
                return CallDecision.NONE;
            }
        };
    }

    private static CallPolicy randomToken(double p, int n, Random random) {
        return new CallPolicy() {
            @Override
            public boolean decidesBeforeTokens() {
                return true;
            }

            @Override
            public CallDecision beforeSlmToken(StepScores slm) {
                return random.nextDouble() < p ? new CallDecision(n, "random-token: p " + p) : CallDecision.NONE;
            }
        };
    }

    private static double probability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new UserFacingException("policy parameter p = " + p + " is not a probability; give a value from 0 to 1");
        }
        return p;
    }

    private static int requirePositive(int n, String name) {
        if (n <= 0) {
            throw new UserFacingException("policy parameter " + name + " = " + n + " must be at least 1");
        }
        return n;
    }
}
