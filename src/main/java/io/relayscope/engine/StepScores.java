package io.relayscope.engine;

/**
 * What a model said about one step: the probabilities it gave, as far as they are known. A local model knows its
 * whole {@link Distribution}; a remote one returns the sampled token's logprob and its top alternatives only.
 */
public interface StepScores {

    /** Probability of the token (0 when this step does not know it). */
    double probability(int id);

    /** Natural log of {@link #probability}. */
    double logprob(int id);

    /** Entropy of the step in nats (NaN when unknown). */
    double entropy();

    /** The best candidates, best first (-1 entries past the known ones). */
    int[] topIds();

    /** Probability of the best candidate. */
    double topProbability();
}
