package io.relayscope.engine;

import io.relayscope.engine.remote.RemoteCancelled;
import io.relayscope.engine.remote.RemoteClient;
import io.relayscope.engine.remote.RemoteRequest;
import io.relayscope.engine.remote.RemoteResult;
import io.relayscope.engine.remote.RemoteToken;
import io.relayscope.trace.SamplingSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;

/**
 * A {@link TurnTaker} on a model server: it keeps the whole context as token ids and sends it with every turn
 * (the server's prefix cache feeds only what is new), asking for the turn's tokens in one streamed completion with
 * their logprobs and top-5 alternatives. Each streamed token goes through the sink exactly as a local one does; a
 * sink that stops the turn closes the stream. Stop strings (the SLM's {@code </call>}, kept) end a request early;
 * when the sink did not stop there the turn goes on with another request.
 */
final class RemoteTurnTaker implements TurnTaker {
    private static final int ALTERNATIVES = Distribution.TOP;

    private final RemoteClient client;
    private final SamplingSpec sampling;
    private final long seed;
    private final int[] banned;
    private final boolean ignoreEos;
    private final int[] eosIds;
    private final TurnHints hints;
    private final BooleanSupplier cancelled;
    private final List<Integer> context = new ArrayList<>();
    private final ForwardStats stats = new ForwardStats();
    private int unseen;
    private int requests;

    RemoteTurnTaker(RemoteClient client, SamplingSpec sampling, long seed, int[] banned, boolean ignoreEos,
                    int[] eosIds, TurnHints hints, BooleanSupplier cancelled) {
        this.client = client;
        this.sampling = sampling;
        this.seed = seed;
        this.banned = banned.clone();
        this.ignoreEos = ignoreEos;
        this.eosIds = eosIds.clone();
        this.hints = hints;
        this.cancelled = cancelled;
    }

    @Override
    public void see(int[] ids) {
        for (int id : ids) {
            context.add(id);
        }
        unseen += ids.length;
    }

    @Override
    public int unseen() {
        return unseen;
    }

    /** Outcome of one request, as the token callback saw it. */
    private static final class Turn {
        int written;
        boolean stopped;
        boolean eos;
    }

    @Override
    public TurnEnd write(int max, OptionalInt forcedFirst, TurnSink sink) {
        Turn turn = new Turn();
        if (max > 0 && forcedFirst.isPresent()) {
            turn.written++;
            if (!RemoteSteps.forced(sink, forcedFirst.getAsInt(), this::accept)) {
                return TurnEnd.STOPPED;
            }
        }
        while (turn.written < max) {
            RemoteRequest request = new RemoteRequest(context.stream().mapToInt(Integer::intValue).toArray(), null,
                    hints.stepwise() ? 1 : max - turn.written, sampling, seed + requests, hints.stops(), true, banned,
                    ignoreEos, ALTERNATIVES);
            requests++;
            int before = turn.written;
            long t0 = System.nanoTime();
            long[] last = {t0};
            RemoteResult result;
            try {
                result = client.complete(request, token -> onToken(token, sink, turn, last), cancelled);
            } catch (RemoteCancelled e) {
                throw new RunCancelled();
            }
            RemoteSteps.record(stats, result, request.promptIds().length, t0);
            if (turn.stopped) {
                return TurnEnd.STOPPED;
            }
            if (turn.eos || result.finish() == RemoteResult.Finish.END_OF_SEQUENCE) {
                unseen = 0;
                return TurnEnd.END_OF_SEQUENCE;
            }
            if (result.finish() == RemoteResult.Finish.LENGTH && turn.written - before < request.maxTokens()) {
                throw new UserFacingException(client.completionUri() + ": the server stopped at its length limit after "
                        + turn.written + " of " + max + " tokens; raise its --max-tokens or context length");
            }
        }
        return TurnEnd.LIMIT;
    }

    private boolean onToken(RemoteToken token, TurnSink sink, Turn turn, long[] last) {
        if (token.id() < 0) {
            throw new UserFacingException(client.completionUri() + ": the server returned a token without its id; "
                    + "a token-level relay needs a server that gives ids (vLLM, llama.cpp, relayscope serve)");
        }
        if (isEos(token.id())) {
            turn.eos = true;
            return false;
        }
        RemoteSteps.Taken taken = RemoteSteps.offer(sink, token.id(), new RemoteScores(token), last, this::accept);
        if (taken == RemoteSteps.Taken.REFUSED) {
            unseen = 0;
        } else {
            turn.written++;
        }
        turn.stopped = taken != RemoteSteps.Taken.GO_ON;
        return !turn.stopped;
    }

    private void accept(int id) {
        context.add(id);
        unseen = 1; // the server feeds its own last token with the next request, as a local model does
    }

    private boolean isEos(int id) {
        for (int e : eosIds) {
            if (e == id) {
                return true;
            }
        }
        return false;
    }

    @Override
    public ForwardStats stats() {
        return stats;
    }

    @Override
    public void close() {
        // nothing held locally; the server keeps (and evicts) its own cache
    }
}
