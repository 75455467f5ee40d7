package io.relayscope.engine;

import io.relayscope.engine.remote.RemoteToken;

import java.util.Arrays;

/** What a server said about a token it wrote: its logprob, the alternatives it returned (top 5 with ids), its entropy when reported. */
record RemoteScores(RemoteToken token) implements StepScores {

    @Override
    public double probability(int id) {
        return Math.exp(logprob(id));
    }

    @Override
    public double logprob(int id) {
        if (id == token.id() && !Double.isNaN(token.logprob())) {
            return token.logprob();
        }
        for (RemoteToken.Alternative a : token.top()) {
            if (a.id() == id) {
                return a.logprob();
            }
        }
        return id == token.id() ? Double.NaN : Double.NEGATIVE_INFINITY;
    }

    @Override
    public double entropy() {
        return token.entropy();
    }

    @Override
    public int[] topIds() {
        int[] ids = token.top().stream().mapToInt(RemoteToken.Alternative::id).filter(id -> id >= 0)
                .limit(Distribution.TOP).toArray();
        int[] out = Arrays.copyOf(ids, Distribution.TOP);
        Arrays.fill(out, ids.length, out.length, -1);
        return out;
    }

    @Override
    public double topProbability() {
        return token.top().isEmpty() ? probability(token.id()) : Math.exp(token.top().get(0).logprob());
    }
}
