package io.relayscope.engine;

import io.relayscope.trace.Alternative;
import io.relayscope.trace.CallRecord;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.ModelCost;
import io.relayscope.trace.ModelRef;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceHeader;
import io.relayscope.trace.TraceSummary;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.stream.IntStream;

/**
 * One relay decoding run, as the RelayLLM reference does it: the SLM writes; a call hands the LLM min(n, budget)
 * tokens over the prompt and output with call tags replaced by a space; the LLM's end-of-sequence ends the answer;
 * the SLM keeps its tags and the LLM's tokens. Each model's cache stays warm and is fed only unseen tokens.
 */
final class RelayRun {
    private static final int MAX_HELD = 32;

    private final CausalLm slm;
    private final CausalLm llm;
    private final TextTokenizer tokenizer;
    private final RelayRequest request;
    private final RelayListener listener;
    private final RunControl control;
    private final CallPolicy policy;
    private final Sampler slmSampler;
    private final Sampler llmSampler;
    private final int[] spaceIds;
    /** Token ids each model's sampling never draws (see {@link #banned}). */
    private final int[] slmBanned;
    private final int[] llmBanned;
    private final List<TokenRecord> tokens = new ArrayList<>();
    private final List<CallRecord> calls = new ArrayList<>();
    private final List<Held> held = new ArrayList<>();
    private final List<Integer> slmPending = new ArrayList<>();
    private final List<Integer> llmPending = new ArrayList<>();
    private final Utf8Stream responseText = new Utf8Stream();
    private KvSequence slmSeq;
    private KvSequence llmSeq;
    private int promptTokens;
    private int slmTokens;
    private int llmTokens;
    private int commandTokens;

    /** An SLM token waiting until it is known whether it belongs to a call command. */
    private record Held(int id, Distribution dist, long latencyNanos) {
    }

    /** Thrown inside the loop when the user stops the run. */
    private static final class Cancelled extends RuntimeException {
        Cancelled() {
            super(null, null, false, false);
        }
    }

    RelayRun(ModelPair models, RelayRequest request, RelayListener listener, RunControl control) {
        this.slm = models.slm();
        this.llm = models.llm();
        this.tokenizer = slm.tokenizer();
        this.request = request;
        this.listener = listener;
        this.control = control;
        this.policy = Policies.create(request.policy(), request.seed());
        this.slmSampler = new Sampler(request.slmSampling(), request.seed());
        this.llmSampler = new Sampler(request.llmSampling(), request.seed() + 1_000_003L);
        this.spaceIds = tokenizer.encode(" ");
        this.slmBanned = banned(slm, policy.followsCommands() ? OptionalInt.empty() : tokenizer.specialId("<call>"));
        this.llmBanned = banned(llm, OptionalInt.empty());
    }

    Trace execute() {
        long start = System.nanoTime();
        String promptText = slm.promptTemplate().replace("{question}", request.prompt());
        TraceHeader header = header(promptText);
        listener.onStart(header);
        FinishReason reason;
        String error = null;
        try {
            int[] prompt = tokenizer.encode(promptText);
            emitPrompt(prompt);
            slmSeq = slm.newSequence();
            reason = decode();
        } catch (Cancelled e) {
            reason = FinishReason.CANCELLED;
        } catch (RuntimeException e) {
            reason = FinishReason.ERROR;
            error = "decoding failed: " + TextTokenizer.firstLine(e);
        }
        flushHeldAsSlm();
        Trace trace = new Trace(header, tokens, calls, summary(reason, error, System.nanoTime() - start));
        close(slmSeq);
        close(llmSeq);
        listener.onFinish(trace);
        return trace;
    }

    private FinishReason decode() {
        if (policy.llmWritesAll()) {
            FinishReason f = callLlm(Math.max(1, request.limits().maxNewTokens()), request.policy().name());
            return f != null ? f : FinishReason.MAX_TOKENS;
        }
        while (true) {
            if (responseCount() >= request.limits().maxNewTokens()) {
                return FinishReason.MAX_TOKENS;
            }
            if (control.isCancelled()) {
                throw new Cancelled();
            }
            long t0 = System.nanoTime();
            float[] logits = mask(slmBanned, feed(slmSeq, slmPending));
            Distribution dist = Distribution.of(logits);
            if (calls.size() < request.limits().maxCalls()) {
                CallDecision decision = policy.beforeSlmToken(dist);
                if (decision.calls()) {
                    flushHeldAsSlm();
                    FinishReason f = callLlm(decision.tokens(), decision.reason());
                    if (f != null) {
                        return f;
                    }
                    continue;
                }
            }
            // a stepping permit is taken only for a token that appears (a call decision takes none)
            long waitStart = System.nanoTime();
            awaitTurn();
            t0 += System.nanoTime() - waitStart;
            int id = slmSampler.sample(logits, dist);
            if (isEos(slm, id)) {
                return FinishReason.SLM_EOS;
            }
            slmPending.add(id);
            held.add(new Held(id, dist, System.nanoTime() - t0));
            FinishReason f = scanHeld();
            if (f != null) {
                return f;
            }
        }
    }

    /** Resolves held SLM tokens: a complete command becomes COMMAND tokens (and a call), plain text becomes SLM tokens. */
    private FinishReason scanHeld() {
        if (held.size() == 1 && !mayStartCommand(held.get(0).id())) {
            flushHeldAsSlm();
            return null;
        }
        byte[] bytes = heldBytes(held.size());
        String text = new String(bytes, StandardCharsets.UTF_8);
        Matcher m = CallCommand.find(text);
        if (m != null) {
            int startByte = text.substring(0, m.start()).getBytes(StandardCharsets.UTF_8).length;
            int endByte = text.substring(0, m.end()).getBytes(StandardCharsets.UTF_8).length;
            int first = tokenAtByte(startByte);
            int last = tokenAtByte(endByte - 1);
            emitHeld(first, Source.SLM);
            emitHeld(last - first + 1, Source.COMMAND);
            int n = CallCommand.tokens(m);
            if (policy.followsCommands() && n > 0 && calls.size() < request.limits().maxCalls()) {
                flushHeldAsSlm();
                return callLlm(n, "command");
            }
            return null;
        }
        int partial = CallCommand.partialStart(text);
        if (partial < 0 || held.size() > MAX_HELD) {
            flushHeldAsSlm();
        } else {
            emitHeld(tokenAtByte(text.substring(0, partial).getBytes(StandardCharsets.UTF_8).length), Source.SLM);
        }
        return null;
    }

    /** Fast path: a lone token without '<' cannot begin a command, so it needs no text scan. */
    private boolean mayStartCommand(int id) {
        if (tokenizer.isSpecial(id)) {
            return true;
        }
        for (byte b : tokenizer.tokenBytes(id)) {
            if (b == '<') {
                return true;
            }
        }
        return false;
    }

    /** Hands min(n, budget) tokens to the LLM; returns LLM_EOS when it ended the answer, else null. */
    private FinishReason callLlm(int requested, String reason) {
        int budget = Math.min(requested, request.limits().maxNewTokens() - responseCount());
        if (budget <= 0) {
            return null;
        }
        if (llmSeq == null) {
            llmSeq = llm.newSequence();
        }
        long t0 = System.nanoTime();
        int position = tokens.size();
        int catchUp = llmPending.size();
        int delivered = 0;
        int previous = -1;
        FinishReason finish = null;
        try {
            for (int i = 0; i < budget; i++) {
                awaitTurn();
                long ts = System.nanoTime();
                float[] logits = mask(llmBanned, i == 0 ? feed(llmSeq, llmPending) : llmSeq.append(new int[] {previous}));
                Distribution dist = Distribution.of(logits);
                int id = llmSampler.sample(logits, dist);
                if (isEos(llm, id)) {
                    finish = FinishReason.LLM_EOS;
                    break;
                }
                emit(id, dist, System.nanoTime() - ts, Source.LLM);
                slmPending.add(id);
                previous = id;
                delivered++;
            }
        } finally {
            if (previous >= 0 && finish == null) {
                llmPending.add(previous);
            }
            CallRecord call = new CallRecord(calls.size() + 1, position, requested, delivered, catchUp,
                    slmPending.size(), (System.nanoTime() - t0) / 1000, reason);
            calls.add(call);
            listener.onCall(call);
        }
        return finish;
    }

    private float[] feed(KvSequence seq, List<Integer> pending) {
        if (pending.isEmpty()) {
            throw new IllegalStateException("nothing new to feed the model");
        }
        int[] ids = pending.stream().mapToInt(Integer::intValue).toArray();
        pending.clear();
        return seq.append(ids);
    }

    /**
     * The ids a model may not sample: its end-of-sequence with ignoreEos (the run goes on to the token limit), and for
     * the SLM under a policy that decides calls itself (routers, SLM alone) its {@code <call>} token, whose commands
     * would not be followed, so a relay-trained SLM writes what its language model would instead.
     */
    private int[] banned(CausalLm model, OptionalInt call) {
        IntStream eos = request.limits().ignoreEos() ? IntStream.of(model.eosIds()) : IntStream.empty();
        return IntStream.concat(eos, call.stream()).filter(id -> id >= 0).distinct().toArray();
    }

    private static float[] mask(int[] banned, float[] logits) {
        for (int id : banned) {
            if (id < logits.length) {
                logits[id] = Float.NEGATIVE_INFINITY;
            }
        }
        return logits;
    }

    private void awaitTurn() {
        if (control.isCancelled()) {
            throw new Cancelled();
        }
        try {
            control.awaitTurn();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancelled();
        }
        if (control.isCancelled()) {
            throw new Cancelled();
        }
    }

    private static boolean isEos(CausalLm model, int id) {
        for (int e : model.eosIds()) {
            if (e == id) {
                return true;
            }
        }
        return false;
    }

    private int responseCount() {
        return slmTokens + llmTokens + commandTokens + held.size();
    }

    private byte[] heldBytes(int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            out.writeBytes(tokenizer.tokenBytes(held.get(i).id()));
        }
        return out.toByteArray();
    }

    /** Index of the held token that covers the given byte offset (held.size() past the end). */
    private int tokenAtByte(int offset) {
        int acc = 0;
        for (int i = 0; i < held.size(); i++) {
            acc += tokenizer.tokenBytes(held.get(i).id()).length;
            if (offset < acc) {
                return i;
            }
        }
        return held.size();
    }

    private void flushHeldAsSlm() {
        emitHeld(held.size(), Source.SLM);
    }

    /** Emits the first count held tokens with the given source (a COMMAND group shows to the LLM as one space). */
    private void emitHeld(int count, Source source) {
        if (count <= 0) {
            return;
        }
        if (source == Source.COMMAND) {
            for (int s : spaceIds) {
                llmPending.add(s);
            }
        }
        for (int i = 0; i < count; i++) {
            Held h = held.remove(0);
            emit(h.id(), h.dist(), h.latencyNanos(), source);
            if (source == Source.SLM) {
                llmPending.add(h.id());
            }
        }
    }

    private void emit(int id, Distribution dist, long latencyNanos, Source source) {
        byte[] bytes = tokenizer.tokenBytes(id);
        String text = tokenizer.isSpecial(id) ? tokenizer.piece(id) : responseText.push(bytes);
        TokenRecord t = new TokenRecord(tokens.size(), id, text, bytes, source, dist.logprob(id), dist.entropy(),
                alternatives(dist), latencyNanos / 1000);
        tokens.add(t);
        switch (source) {
            case SLM -> slmTokens++;
            case LLM -> llmTokens++;
            case COMMAND -> commandTokens++;
            default -> throw new IllegalStateException("generated token with source " + source);
        }
        listener.onToken(t);
    }

    private List<Alternative> alternatives(Distribution dist) {
        List<Alternative> out = new ArrayList<>(Distribution.TOP);
        for (int id : dist.topIds()) {
            if (id >= 0) {
                String text = tokenizer.isSpecial(id) ? tokenizer.piece(id)
                        : new String(tokenizer.tokenBytes(id), StandardCharsets.UTF_8);
                out.add(new Alternative(id, text, dist.probability(id)));
            }
        }
        return out;
    }

    private void emitPrompt(int[] prompt) {
        Utf8Stream text = new Utf8Stream();
        for (int id : prompt) {
            byte[] bytes = tokenizer.tokenBytes(id);
            TokenRecord t = TokenRecord.prompt(tokens.size(), id,
                    tokenizer.isSpecial(id) ? tokenizer.piece(id) : text.push(bytes), bytes);
            tokens.add(t);
            listener.onToken(t);
            slmPending.add(id);
            llmPending.add(id);
        }
        promptTokens = prompt.length;
    }

    private TraceHeader header(String promptText) {
        List<ModelRef> refs = List.of(ref("slm", slm), ref("llm", llm));
        return new TraceHeader(Trace.FORMAT_VERSION, Version.APP, Instant.now().toString(), request.prompt(),
                promptText, refs, tokenizer.sha256(), request.policy(), request.slmSampling(), request.llmSampling(),
                request.seed(), request.limits());
    }

    private static ModelRef ref(String role, CausalLm m) {
        return new ModelRef(role, m.name(), m.folder() == null ? "" : m.folder().toString(), m.info().sha256(),
                m.info().parameterCount());
    }

    private TraceSummary summary(FinishReason reason, String error, long nanos) {
        ModelCost slmCost = cost(slmSeq, slm, slmTokens + commandTokens);
        ModelCost llmCost = cost(llmSeq, llm, llmTokens);
        double llmAlone = 2.0 * llm.info().parameterCount() * (promptTokens + slmTokens + llmTokens + commandTokens);
        double saving = llmAlone <= 0 ? 0 : 1 - (slmCost.flops() + llmCost.flops()) / llmAlone;
        StringBuilder text = new StringBuilder();
        for (TokenRecord t : tokens) {
            if (t.source() != Source.PROMPT) {
                text.append(t.text());
            }
        }
        return new TraceSummary(promptTokens, slmTokens, llmTokens, commandTokens, calls.size(),
                TraceSummary.llmTokenRatio(slmTokens, llmTokens, commandTokens), reason, error, nanos / 1000,
                slmCost, llmCost, saving, text.toString());
    }

    private static ModelCost cost(KvSequence seq, CausalLm model, long generated) {
        long params = model.info().parameterCount();
        if (seq == null) {
            return new ModelCost(generated, 0, 0, 0, params, 0);
        }
        ForwardStats s = seq.stats();
        return new ModelCost(generated, s.fedTokens(), s.forwardCalls(), s.nanos() / 1000, params,
                2.0 * params * s.fedTokens());
    }

    private static void close(KvSequence seq) {
        if (seq != null) {
            seq.close();
        }
    }
}
