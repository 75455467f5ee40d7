package io.relayscope.engine;

import io.relayscope.trace.FinishReason;
import io.relayscope.trace.Limits;
import io.relayscope.trace.TextBridge;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceHeader;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * One relay decoding run: wires the two models' {@link TurnTaker}s, the {@link DecodeLoop} and the
 * {@link TraceAssembly}, and turns cancellation and failures into a valid trace with its finish reason.
 */
final class RelayRun {
    private final ModelPair models;
    private final RelayRequest request;
    private final Optional<ForcedPrefix> start;
    private final RelayListener listener;
    private final RunControl control;

    RelayRun(ModelPair models, RelayRequest request, Optional<ForcedPrefix> start, RelayListener listener,
             RunControl control) {
        this.models = models;
        this.request = request;
        this.start = start;
        this.listener = listener;
        this.control = control;
    }

    Trace execute() {
        long t0 = System.nanoTime();
        CausalLm slm = models.slm();
        TextTokenizer tokenizer = slm.tokenizer();
        CallPolicy policy = Policies.create(request.policy(), request.seed());
        // one shared prompt when the pair shares a tokenizer (the SLM's template makes it, see PromptBuilder); through
        // the text bridge each model gets its own chat template over the same question
        PromptBuilder.Prompt built = PromptBuilder.build(slm, request.prompt(), request.promptStyle());
        String promptText = built.text();
        int[] slmPrompt = tokenizer.encode(promptText);
        Optional<PromptBuilder.Prompt> llmBuilt = models.textBridge()
                ? Optional.of(PromptBuilder.build(models.llm(), request.prompt(), request.promptStyle())) : Optional.empty();
        int[] llmPrompt = llmBuilt.map(p -> models.llm().tokenizer().encode(p.text())).orElse(slmPrompt);
        start.ifPresent(s -> requireSamePrompt(s, slmPrompt));
        TraceAssembly out = new TraceAssembly(models, listener);
        TraceHeader header = out.header(request, promptText, built.spec(),
                llmBuilt.map(p -> new TextBridge(models.llm().tokenizer().sha256(), p.text(), llmPrompt.length)));
        listener.onStart(header);
        TurnTaker slmTurns = slm.turnTaker(request.slmSampling(), request.seed(),
                banned(slm, request.limits(), policy.followsCommands() ? OptionalInt.empty() : tokenizer.specialId("<call>")),
                request.limits().ignoreEos(), new TurnHints(policy.followsCommands() ? List.of(CallCommand.CLOSE) : List.of(),
                        policy.decidesBeforeTokens()), control);
        TurnTaker llmTurns = models.llm().turnTaker(request.llmSampling(), request.seed() + 1_000_003L,
                banned(models.llm(), request.limits(), OptionalInt.empty()), request.limits().ignoreEos(), TurnHints.NONE, control);
        Crossing toLlm;
        Crossing toSlm;
        if (models.textBridge()) {
            TextFedTurnTaker slmFed = new TextFedTurnTaker(slmTurns, tokenizer);
            TextFedTurnTaker llmFed = new TextFedTurnTaker(llmTurns, models.llm().tokenizer());
            toLlm = Crossing.asText(llmFed, tokenizer);
            toSlm = Crossing.asText(slmFed, models.llm().tokenizer());
            slmTurns = slmFed;
            llmTurns = llmFed;
        } else {
            toLlm = Crossing.sameIds(llmTurns, tokenizer);
            toSlm = Crossing.sameIds(slmTurns, tokenizer);
        }
        DecodeLoop loop = new DecodeLoop(request, policy, slmTurns, llmTurns, out, tokenizer, toLlm, toSlm, control);
        FinishReason reason;
        String error = null;
        try {
            loop.prompt(slmPrompt, llmPrompt);
            reason = loop.decode(start);
        } catch (RunCancelled e) {
            reason = FinishReason.CANCELLED;
        } catch (ContextFull e) {
            reason = FinishReason.CONTEXT_FULL;
            error = e.getMessage();
        } catch (RuntimeException e) {
            reason = FinishReason.ERROR;
            error = "decoding failed: " + TextTokenizer.firstLine(e);
        }
        loop.finish();
        Trace trace = out.trace(header, reason, error, System.nanoTime() - t0, slmTurns.stats(), llmTurns.stats());
        slmTurns.close();
        llmTurns.close();
        listener.onFinish(trace);
        return trace;
    }

    private static void requireSamePrompt(ForcedPrefix start, int[] prompt) {
        if (!Arrays.equals(start.promptIds(), prompt)) {
            throw new UserFacingException("the branch's parent trace was recorded from another prompt or tokenizer; "
                    + "branch it with the prompt, prompt template and models that recorded it");
        }
    }

    /**
     * The ids a model may not sample: its end-of-sequence with ignoreEos (the run goes on to the token limit), and for
     * the SLM under a policy that decides calls itself (routers, SLM alone) its {@code <call>} token, whose commands
     * would not be followed, so a relay-trained SLM writes what its language model would instead.
     */
    static int[] banned(CausalLm model, Limits limits, OptionalInt call) {
        IntStream eos = limits.ignoreEos() ? IntStream.of(model.eosIds()) : IntStream.empty();
        return IntStream.concat(eos, call.stream()).filter(id -> id >= 0).distinct().toArray();
    }
}
