package io.relayscope.engine;

import io.relayscope.trace.CallRecord;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The relay protocol's decode loop: the SLM writes turns; a call (the SLM's command, or the policy's decision)
 * hands the LLM min(n, budget) tokens over the prompt and output with every command replaced by a space; the LLM's
 * end-of-sequence ends the answer; the SLM keeps its tags and the LLM's tokens. Each model is shown only what it has
 * not seen (its {@link TurnTaker} feeds that in one forward).
 */
final class DecodeLoop {
    private final RelayRequest request;
    private final CallPolicy policy;
    private final TurnTaker slm;
    private final TurnTaker llm;
    private final TraceAssembly out;
    private final RunControl control;
    private final CommandScanner scanner;
    private final Crossing toLlm;
    private final Crossing toSlm;
    private final TurnSink slmSink = new SlmSink();
    /** The hand-over the SLM's sink asked for when it stopped the SLM's turn. */
    private CallDecision pendingCall = CallDecision.NONE;

    /** A call while it runs: where it began, what was asked, what the LLM caught up on, what it delivered. */
    private static final class OpenCall {
        final int position;
        final int requested;
        final String reason;
        final int llmCatchUp;
        int delivered;

        OpenCall(int position, int requested, String reason, int llmCatchUp) {
            this.position = position;
            this.requested = requested;
            this.reason = reason;
            this.llmCatchUp = llmCatchUp;
        }
    }

    /**
     * slmTokenizer: the SLM's (commands are scanned in its text); toLlm and toSlm: how each model's tokens reach the
     * other ({@link Crossing}: the same ids, or text through the bridge).
     */
    DecodeLoop(RelayRequest request, CallPolicy policy, TurnTaker slm, TurnTaker llm, TraceAssembly out,
               TextTokenizer slmTokenizer, Crossing toLlm, Crossing toSlm, RunControl control) {
        this.request = request;
        this.policy = policy;
        this.slm = slm;
        this.llm = llm;
        this.out = out;
        this.control = control;
        this.toLlm = toLlm;
        this.toSlm = toSlm;
        this.scanner = new CommandScanner(slmTokenizer, this::resolved);
    }

    /** The prompt as each model reads it (the same ids for a shared vocabulary); the trace records the SLM's. */
    void prompt(int[] slmIds, int[] llmIds) {
        out.prompt(slmIds);
        slm.see(slmIds);
        llm.see(llmIds);
    }

    /** Decodes to the end; from a forced prefix when one is given. */
    FinishReason decode(Optional<ForcedPrefix> start) {
        Outcome outcome;
        if (start.isPresent()) {
            outcome = branch(start.get());
        } else if (policy.llmWritesAll()) {
            outcome = callLlm(Math.max(1, maxNew()), request.policy().name());
        } else {
            outcome = slmTurns(OptionalInt.empty());
        }
        if (outcome instanceof Outcome.Finished f) {
            return f.reason();
        }
        return policy.llmWritesAll() ? FinishReason.MAX_TOKENS : reason(slmTurns(OptionalInt.empty()));
    }

    /** Resolves what the SLM still holds as its own text (at the end of a run). */
    void finish() {
        scanner.flushAsSlm();
    }

    private static FinishReason reason(Outcome outcome) {
        return ((Outcome.Finished) outcome).reason();
    }

    private int maxNew() {
        return request.limits().maxNewTokens();
    }

    private int responseCount() {
        return out.responseTokens() + scanner.size();
    }

    /** SLM turns until the answer finishes; the first token forced when given. Always returns Finished. */
    private Outcome slmTurns(OptionalInt forcedFirst) {
        OptionalInt forced = forcedFirst;
        while (true) {
            pendingCall = CallDecision.NONE;
            TurnEnd end = slm.write(maxNew() - responseCount(), forced, slmSink);
            forced = OptionalInt.empty();
            switch (end) {
                case LIMIT -> {
                    return Outcome.finished(FinishReason.MAX_TOKENS);
                }
                case END_OF_SEQUENCE -> {
                    return Outcome.finished(FinishReason.SLM_EOS);
                }
                case STOPPED -> {
                    scanner.flushAsSlm();
                    Outcome o = callLlm(pendingCall.tokens(), pendingCall.reason());
                    if (o instanceof Outcome.Finished) {
                        return o;
                    }
                }
                default -> throw new IllegalStateException("turn ended with " + end);
            }
        }
    }

    /** The SLM's side: cancellation, the policy before each token, the command scan after each. */
    private final class SlmSink implements TurnSink {
        @Override
        public void beforeStep() {
            if (control.isCancelled()) {
                throw new RunCancelled();
            }
        }

        @Override
        public boolean wantsToken(StepScores scores) {
            if (out.calls() < request.limits().maxCalls()) {
                CallDecision decision = policy.beforeSlmToken(scores);
                if (decision.calls()) {
                    pendingCall = decision;
                    return false;
                }
            }
            return true;
        }

        @Override
        public void awaitTurn() {
            pace();
        }

        @Override
        public boolean onToken(WrittenToken token) {
            OptionalInt command = scanner.push(new HeldToken(token.id(), token.scores(), token.latencyNanos()));
            int n = command.orElse(0);
            if (policy.followsCommands() && n > 0 && out.calls() < request.limits().maxCalls()) {
                pendingCall = new CallDecision(n, "command");
                return false;
            }
            return true;
        }
    }

    /** Hands min(n, budget) tokens to the LLM; no call when no budget is left. */
    private Outcome callLlm(int requested, String reason) {
        int budget = Math.min(requested, maxNew() - responseCount());
        if (budget <= 0) {
            return Outcome.GO_ON;
        }
        return runCall(new OpenCall(out.nextIndex(), requested, reason, llm.unseen()), budget, OptionalInt.empty());
    }

    private Outcome runCall(OpenCall call, int budget, OptionalInt forcedFirst) {
        long t0 = System.nanoTime();
        TurnEnd end = TurnEnd.STOPPED;
        try {
            end = llm.write(budget, forcedFirst, new TurnSink() {
                @Override
                public void beforeStep() {
                    pace();
                }

                @Override
                public boolean onToken(WrittenToken token) {
                    out.token(token.id(), token.scores(), token.latencyNanos(), Source.LLM);
                    toSlm.tokens(new int[] {token.id()});
                    call.delivered++;
                    return true;
                }
            });
        } finally {
            out.call(new CallRecord(out.calls() + 1, call.position, call.requested, call.delivered, call.llmCatchUp,
                    slm.unseen(), (System.nanoTime() - t0) / 1000, call.reason));
        }
        return end == TurnEnd.END_OF_SEQUENCE ? Outcome.finished(FinishReason.LLM_EOS) : Outcome.GO_ON;
    }

    /** Tokens the scanner resolved: the LLM sees SLM text as it is and each command as one space. */
    private void resolved(List<HeldToken> group, Source source) {
        if (source == Source.COMMAND) {
            toLlm.commandSpace();
        }
        for (HeldToken h : group) {
            out.token(h.id(), h.scores(), h.latencyNanos(), source);
            if (source == Source.SLM) {
                toLlm.tokens(new int[] {h.id()});
            }
        }
    }

    /**
     * Replays the parent's prefix (records and calls as they were, no forward), then writes the forced token as
     * the model that wrote the parent's token there, inside the parent's call when there was one.
     */
    private Outcome branch(ForcedPrefix start) {
        Map<Integer, CallRecord> callAt = new HashMap<>();
        for (CallRecord c : start.calls()) {
            callAt.put(c.position(), c);
        }
        Optional<CallRecord> open = Optional.empty();
        int delivered = 0;
        for (TokenRecord t : start.response()) {
            int[] id = {t.id()};
            CallRecord starting = callAt.get(t.index());
            if (t.source() != Source.LLM || starting != null) {
                open.ifPresent(out::call);
                open = Optional.empty();
            }
            if (t.source() == Source.LLM) {
                if (starting != null) {
                    scanner.flushAsSlm();
                    open = Optional.of(starting);
                    delivered = 0;
                }
                out.token(t.id(), new RecordedScores(t), t.latencyMicros() * 1000, Source.LLM);
                toSlm.tokens(id);
                llm.see(id);
                delivered++;
            } else {
                slm.see(id);
                scanner.push(new HeldToken(t.id(), new RecordedScores(t), t.latencyMicros() * 1000));
            }
        }
        OptionalInt forced = OptionalInt.of(start.tokenId());
        if (start.source() == Source.SLM) {
            open.ifPresent(out::call);
            return slmTurns(forced);
        }
        CallRecord parentCall = callAt.get(start.index());
        if (parentCall != null) {
            open.ifPresent(out::call);
            scanner.flushAsSlm();
            int budget = Math.min(parentCall.requested(), maxNew() - responseCount());
            return budget <= 0 ? Outcome.GO_ON : runCall(new OpenCall(out.nextIndex(), parentCall.requested(),
                    parentCall.reason(), llm.unseen()), budget, forced);
        }
        CallRecord c = open.orElseThrow(() -> new UserFacingException(
                "the parent trace has an LLM token at " + start.index() + " outside any call; it cannot be branched"));
        int atStart = c.position() - start.promptIds().length;
        int budget = Math.min(c.requested(), maxNew() - atStart) - delivered;
        OpenCall call = new OpenCall(c.position(), c.requested(), c.reason(), c.llmCatchUp());
        call.delivered = delivered;
        return runCall(call, budget, forced);
    }

    /** Waits for a stepping permit; stops the run when it is cancelled. */
    private void pace() {
        if (control.isCancelled()) {
            throw new RunCancelled();
        }
        try {
            control.awaitTurn();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunCancelled();
        }
        if (control.isCancelled()) {
            throw new RunCancelled();
        }
    }
}
