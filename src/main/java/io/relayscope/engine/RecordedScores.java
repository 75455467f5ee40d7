package io.relayscope.engine;

import io.relayscope.trace.Alternative;
import io.relayscope.trace.TokenRecord;

/** The scores a recorded token carries (its logprob, entropy and alternatives), for replaying it into a new run. */
record RecordedScores(TokenRecord token) implements StepScores {

    @Override
    public double probability(int id) {
        if (id == token.id()) {
            return token.probability();
        }
        for (Alternative a : token.alternatives()) {
            if (a.id() == id) {
                return a.probability();
            }
        }
        return 0;
    }

    @Override
    public double logprob(int id) {
        return id == token.id() ? token.logprob() : Math.log(probability(id));
    }

    @Override
    public double entropy() {
        return token.entropy();
    }

    @Override
    public int[] topIds() {
        return token.alternatives().stream().mapToInt(Alternative::id).toArray();
    }

    @Override
    public double topProbability() {
        return token.alternatives().isEmpty() ? token.probability() : token.alternatives().get(0).probability();
    }
}
