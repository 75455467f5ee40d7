package io.relayscope.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** A {@link TurnTaker} on a local model: its KV-cached sequence, its sampler and its banned ids. */
final class LocalTurnTaker implements TurnTaker {
    private final CausalLm model;
    private final Sampler sampler;
    private final int[] banned;
    private final List<Integer> pending = new ArrayList<>();
    private KvSequence seq;
    /** Forwards run so far (the step a broken logits row is reported at). */
    private int forwards;

    /** banned: ids this model's sampling never draws (they get no probability). */
    LocalTurnTaker(CausalLm model, Sampler sampler, int[] banned) {
        this.model = model;
        this.sampler = sampler;
        this.banned = banned.clone();
    }

    @Override
    public void see(int[] ids) {
        for (int id : ids) {
            pending.add(id);
        }
    }

    @Override
    public int unseen() {
        return pending.size();
    }

    @Override
    public TurnEnd write(int max, OptionalInt forcedFirst, TurnSink sink) {
        OptionalInt forced = forcedFirst;
        for (int written = 0; written < max; written++) {
            sink.beforeStep();
            long t0 = System.nanoTime();
            float[] logits = mask(feed());
            Distribution dist = Distribution.of(logits);
            if (dist.broken()) {
                throw BrokenLogits.of(model.name(), forwards, seq.length() - 1, logits);
            }
            long waited = System.nanoTime();
            if (forced.isEmpty() && !sink.wantsToken(dist)) {
                return TurnEnd.STOPPED;
            }
            sink.awaitTurn();
            t0 += System.nanoTime() - waited;
            int id = forced.isPresent() ? forced.getAsInt() : sampler.sample(logits, dist);
            forced = OptionalInt.empty();
            if (isEos(id)) {
                return TurnEnd.END_OF_SEQUENCE;
            }
            pending.add(id);
            if (!sink.onToken(new WrittenToken(id, dist, System.nanoTime() - t0))) {
                return TurnEnd.STOPPED;
            }
        }
        return TurnEnd.LIMIT;
    }

    private float[] feed() {
        if (pending.isEmpty()) {
            throw new IllegalStateException("nothing new to feed the model");
        }
        if (seq == null) {
            seq = model.newSequence();
        }
        int[] ids = pending.stream().mapToInt(Integer::intValue).toArray();
        pending.clear();
        sampler.observe(ids);
        forwards++;
        return seq.append(ids);
    }

    private float[] mask(float[] logits) {
        for (int id : banned) {
            if (id < logits.length) {
                logits[id] = Float.NEGATIVE_INFINITY;
            }
        }
        return logits;
    }

    private boolean isEos(int id) {
        for (int e : model.eosIds()) {
            if (e == id) {
                return true;
            }
        }
        return false;
    }

    @Override
    public ForwardStats stats() {
        return seq == null ? new ForwardStats() : seq.stats();
    }

    @Override
    public void close() {
        if (seq != null) {
            seq.close();
        }
    }
}
