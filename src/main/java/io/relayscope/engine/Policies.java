package io.relayscope.engine;

import io.relayscope.trace.PolicySpec;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/** The built-in call policies by name, with their parameters and defaults. */
public final class Policies {
    public static final String MODEL_COMMAND = "model-command";
    public static final String CONFIDENCE = "confidence";
    public static final String RANDOM_TOKEN = "random-token";
    public static final String RANDOM_QUERY = "random-query";
    public static final String SLM_ONLY = "slm-only";
    public static final String LLM_ONLY = "llm-only";
    public static final List<String> NAMES = List.of(MODEL_COMMAND, CONFIDENCE, RANDOM_TOKEN, RANDOM_QUERY, SLM_ONLY, LLM_ONLY);

    /** Default parameters: threshold (top probability), entropy (nats, off when absent), p, callTokens. */
    public static final Map<String, Double> DEFAULTS = Map.of("threshold", 0.5, "p", 0.05, "callTokens", 4.0);

    private Policies() {
    }

    public static PolicySpec spec(String name, Map<String, Double> params) {
        return new PolicySpec(name, params);
    }

    /** Builds a policy; unknown names or out-of-range parameters are one-line {@link UserFacingException}s. */
    public static CallPolicy create(PolicySpec spec, long seed) {
        String name = spec.name().toLowerCase(Locale.ROOT);
        int n = (int) spec.parameter("callTokens", DEFAULTS.get("callTokens"));
        Random random = new Random(seed * 31 + 17);
        return switch (name) {
            case MODEL_COMMAND -> new CallPolicy() {
                @Override
                public boolean followsCommands() {
                    return true;
                }
            };
            case CONFIDENCE -> confidence(spec.parameter("threshold", DEFAULTS.get("threshold")),
                    spec.parameter("entropy", Double.POSITIVE_INFINITY), requirePositive(n, "callTokens"));
            case RANDOM_TOKEN -> randomToken(probability(spec.parameter("p", DEFAULTS.get("p"))),
                    requirePositive(n, "callTokens"), random);
            case RANDOM_QUERY -> {
                boolean all = random.nextDouble() < probability(spec.parameter("p", DEFAULTS.get("p")));
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
