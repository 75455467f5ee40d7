package io.relayscope.engine;

import io.relayscope.engine.remote.RemoteCancelled;
import io.relayscope.engine.remote.RemoteClient;
import io.relayscope.engine.remote.RemoteRequest;
import io.relayscope.engine.remote.RemoteResult;
import io.relayscope.engine.remote.RemoteToken;
import io.relayscope.trace.SamplingSpec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;

/**
 * A {@link TurnTaker} on a server that takes only text prompts (Ollama's /v1, LM Studio): as the reference does, it
 * keeps the model's context as text (its prompt and the shared response text, each command read as one space) and
 * sends it whole with every request; the server tokenizes it. What the server writes comes back as text (with
 * OpenAI-style text logprobs where offered) and is re-encoded, piece by server token, by the model's local tokenizer
 * (its tokenizer folder, or its partner's), so every token of the run has an id and bytes in a known tokenizer and
 * the response text is exactly the server's. Token counts of this model are therefore in that local tokenizer; the
 * server's own count (usage.completion_tokens) is kept apart ({@link ForwardStats#serverTokens}). A stop string the
 * server cut off (Ollama keeps none) is put back, as vLLM's include_stop_str_in_output would.
 */
final class TextServerTurnTaker implements TurnTaker {
    private static final int ALTERNATIVES = Distribution.TOP;

    private final RemoteClient client;
    private final TextTokenizer tokenizer;
    private final SamplingSpec sampling;
    private final long seed;
    private final boolean ignoreEos;
    private final int[] banned;
    private final TurnHints hints;
    private final BooleanSupplier cancelled;
    private final ByteArrayOutputStream context = new ByteArrayOutputStream();
    private final ForwardStats stats = new ForwardStats();
    private int contextTokens;
    private int unseen;
    private int requests;

    /**
     * ignoreEos reaches only servers that understand it (vLLM, relayscope serve); Ollama and LM Studio do not. The
     * banned ids (local ones) cannot be sent to a server whose ids are unknown: they are only left out of the
     * alternatives shown, and the server may still write them.
     */
    TextServerTurnTaker(RemoteClient client, TextTokenizer tokenizer, SamplingSpec sampling, long seed, boolean ignoreEos,
                        int[] banned, TurnHints hints, BooleanSupplier cancelled) {
        this.client = client;
        this.tokenizer = tokenizer;
        this.sampling = sampling;
        this.seed = seed;
        this.ignoreEos = ignoreEos;
        this.banned = banned.clone();
        this.hints = hints;
        this.cancelled = cancelled;
    }

    @Override
    public void see(int[] ids) {
        for (int id : ids) {
            context.writeBytes(tokenizer.tokenBytes(id));
        }
        contextTokens += ids.length;
        unseen += ids.length;
    }

    @Override
    public int unseen() {
        return unseen;
    }

    /** Outcome of one request, as the token callback saw it. */
    private static final class Turn {
        final int max;
        int written;
        boolean stopped;
        final StringBuilder text = new StringBuilder();

        Turn(int max) {
            this.max = max;
        }
    }

    @Override
    public TurnEnd write(int max, OptionalInt forcedFirst, TurnSink sink) {
        Turn turn = new Turn(max);
        if (max > 0 && forcedFirst.isPresent()) {
            turn.written++;
            if (!RemoteSteps.forced(sink, forcedFirst.getAsInt(), this::accept)) {
                return TurnEnd.STOPPED;
            }
        }
        while (turn.written < max) {
            String prompt = context.toString(StandardCharsets.UTF_8);
            RemoteRequest request = new RemoteRequest(null, prompt, hints.stepwise() ? 1 : max - turn.written, sampling,
                    seed + requests, hints.stops(), true, new int[0], ignoreEos, ALTERNATIVES);
            requests++;
            turn.text.setLength(0);
            int before = turn.written;
            long t0 = System.nanoTime();
            long[] last = {t0};
            RemoteResult result;
            try {
                result = client.complete(request, token -> feed(token, sink, turn, last), cancelled);
            } catch (RemoteCancelled e) {
                throw new RunCancelled();
            }
            RemoteSteps.record(stats, result, contextTokens, t0);
            stats.recordServerTokens(result.completionTokens() >= 0 ? result.completionTokens() : result.tokens().size());
            if (turn.stopped) {
                return TurnEnd.STOPPED;
            }
            String stop = cutStop(result, turn.text);
            if (stop != null) {
                // the server dropped the stop string it stopped at: it is part of what the model wrote
                if (!feed(new RemoteToken(-1, stop, Double.NaN, Double.NaN, List.of()), sink, turn, last) || turn.stopped) {
                    return TurnEnd.STOPPED;
                }
                continue;
            }
            if (result.finish() == RemoteResult.Finish.END_OF_SEQUENCE) {
                unseen = 0;
                return TurnEnd.END_OF_SEQUENCE;
            }
            int serverWrote = result.completionTokens() >= 0 ? result.completionTokens() : result.tokens().size();
            if (result.finish() == RemoteResult.Finish.LENGTH && turn.written < max
                    && (serverWrote < request.maxTokens() || turn.written == before)) {
                throw new UserFacingException(client.completionUri() + ": the server stopped at its length limit after "
                        + turn.written + " of " + max + " tokens; raise its context length or num_predict");
            }
        }
        return TurnEnd.LIMIT;
    }

    /**
     * The stop string the server stopped at but left out of its text, or null: vLLM's stop_reason names it; a server
     * that does not say (Ollama: finish_reason "stop" for both) stopped at {@code </call>} when its text leaves a call
     * command open at the end.
     */
    private String cutStop(RemoteResult result, CharSequence written) {
        if (hints.stops().isEmpty() || result.finish() == RemoteResult.Finish.LENGTH
                || result.finish() == RemoteResult.Finish.STOPPED_BY_LISTENER) {
            return null;
        }
        String text = written.toString();
        if (result.finish() == RemoteResult.Finish.STOP_STRING && result.stopString() != null
                && hints.stops().contains(result.stopString())) {
            return text.endsWith(result.stopString()) ? null : result.stopString();
        }
        if (result.finish() == RemoteResult.Finish.END_OF_SEQUENCE && hints.stops().contains(CallCommand.CLOSE)) {
            String tail = context.toString(StandardCharsets.UTF_8);
            int at = CallCommand.partialStart(tail);
            if (at >= 0 && tail.substring(at).matches("<call>\\s*\\d+\\s*")) {
                return CallCommand.CLOSE;
            }
        }
        return null;
    }

    /** One server token: its text in local tokens, each through the sink; false ends the stream. */
    private boolean feed(RemoteToken piece, TurnSink sink, Turn turn, long[] last) {
        turn.text.append(piece.text());
        int[] ids = localIds(piece.text());
        for (int i = 0; i < ids.length; i++) {
            if (turn.written >= turn.max) {
                return false;
            }
            RemoteScores scores = new RemoteScores(i == 0 ? scored(ids[0], piece) : RemoteSteps.unscored(ids[i]));
            RemoteSteps.Taken taken = RemoteSteps.offer(sink, ids[i], scores, last, this::accept);
            if (taken == RemoteSteps.Taken.REFUSED) {
                unseen = 0;
            } else {
                turn.written++;
            }
            if (taken != RemoteSteps.Taken.GO_ON) {
                turn.stopped = true;
                return false;
            }
        }
        return true;
    }

    /** A server token's text as local ids: the one token with exactly its bytes, else its encoding. */
    private int[] localIds(String text) {
        if (text.isEmpty()) {
            return new int[0];
        }
        OptionalInt one = tokenizer.idOfBytes(text.getBytes(StandardCharsets.UTF_8));
        return one.isPresent() ? new int[] {one.getAsInt()} : tokenizer.encode(text);
    }

    /** The server token's logprob for the local id, and the alternatives whose text is one local token. */
    private RemoteToken scored(int id, RemoteToken piece) {
        List<RemoteToken.Alternative> top = new ArrayList<>();
        for (RemoteToken.Alternative a : piece.top()) {
            OptionalInt local = a.text().isEmpty() ? OptionalInt.empty()
                    : tokenizer.idOfBytes(a.text().getBytes(StandardCharsets.UTF_8));
            if (local.isPresent() && !isBanned(local.getAsInt())) {
                top.add(new RemoteToken.Alternative(local.getAsInt(), a.text(), a.logprob()));
            }
        }
        return new RemoteToken(id, piece.text(), piece.logprob(), piece.entropy(), top);
    }

    private boolean isBanned(int id) {
        for (int b : banned) {
            if (b == id) {
                return true;
            }
        }
        return false;
    }

    private void accept(int id) {
        context.writeBytes(tokenizer.tokenBytes(id));
        contextTokens++;
        unseen = 1; // as a token-level server: its last token is read with the next request
    }

    @Override
    public ForwardStats stats() {
        return stats;
    }

    @Override
    public void close() {
        // nothing held locally
    }
}
