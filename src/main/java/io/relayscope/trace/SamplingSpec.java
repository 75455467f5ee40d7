package io.relayscope.trace;

/**
 * Sampling settings of one model; temperature 0 means greedy. topK 0, topP 1, minP 0 and repetitionPenalty 1 mean
 * off. {@code minP} keeps the tokens whose probability is at least minP times the top token's (after temperature);
 * {@code repetitionPenalty} divides a positive logit (multiplies a negative one) of every token already in the
 * model's context, as Hugging Face transformers' {@code RepetitionPenaltyLogitsProcessor} does.
 */
public record SamplingSpec(double temperature, int topK, double topP, double minP, double repetitionPenalty) {

    public static final double MIN_P_OFF = 0;
    public static final double REPETITION_PENALTY_OFF = 1;
    public static final SamplingSpec GREEDY = new SamplingSpec(0, 0, 1.0);

    /** Temperature, top-k and top-p only (min-p and repetition penalty off). */
    public SamplingSpec(double temperature, int topK, double topP) {
        this(temperature, topK, topP, MIN_P_OFF, REPETITION_PENALTY_OFF);
    }

    public boolean greedy() {
        return temperature <= 0;
    }

    public boolean hasMinP() {
        return minP > 0;
    }

    public boolean hasRepetitionPenalty() {
        return repetitionPenalty != REPETITION_PENALTY_OFF;
    }

    public SamplingSpec withMinP(double value) {
        return new SamplingSpec(temperature, topK, topP, value, repetitionPenalty);
    }

    public SamplingSpec withRepetitionPenalty(double value) {
        return new SamplingSpec(temperature, topK, topP, minP, value);
    }
}
