package io.relayscope.engine;

import io.relayscope.engine.remote.RemoteResult;
import io.relayscope.engine.remote.RemoteToken;

import java.util.List;
import java.util.function.IntConsumer;

/** What the two remote turn takers (token ids, text only) do alike: hand a server's token to the sink, count a request. */
final class RemoteSteps {

    /** What the sink made of an offered token. */
    enum Taken {
        /** Written; go on. */
        GO_ON,
        /** Refused before it was chosen (a policy hands over): not written. */
        REFUSED,
        /** Written, and the sink ends the turn after it. */
        LAST
    }

    private RemoteSteps() {
    }

    /** A token with no scores (forced by the user, or put back by the client). */
    static RemoteToken unscored(int id) {
        return new RemoteToken(id, "", Double.NaN, Double.NaN, List.of());
    }

    /** A forced first token: written without asking the policy; false when the sink ends the turn after it. */
    static boolean forced(TurnSink sink, int id, IntConsumer accept) {
        sink.beforeStep();
        sink.awaitTurn();
        accept.accept(id);
        return sink.onToken(new WrittenToken(id, new RemoteScores(unscored(id)), 0));
    }

    /** Offers a server's token to the sink as a local step; {@code last} holds the time of the previous token. */
    static Taken offer(TurnSink sink, int id, RemoteScores scores, long[] last, IntConsumer accept) {
        sink.beforeStep();
        if (!sink.wantsToken(scores)) {
            return Taken.REFUSED;
        }
        sink.awaitTurn();
        long now = System.nanoTime();
        long latency = now - last[0];
        last[0] = now;
        accept.accept(id);
        return sink.onToken(new WrittenToken(id, scores, latency)) ? Taken.GO_ON : Taken.LAST;
    }

    /** Counts one request: the prompt tokens the server prefilled (reported, else all of them) and its cache report. */
    static void record(ForwardStats stats, RemoteResult result, int promptTokens, long t0) {
        int prompt = result.promptTokens() >= 0 ? result.promptTokens() : promptTokens;
        int cached = result.cachedTokens().orElse(0);
        if (result.cachedTokens().isPresent()) {
            stats.recordCached(cached);
        }
        stats.record(Math.max(0, prompt - cached), System.nanoTime() - t0);
    }
}
