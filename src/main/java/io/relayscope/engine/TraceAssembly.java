package io.relayscope.engine;

import io.relayscope.trace.Alternative;
import io.relayscope.trace.CallRecord;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.ModelCost;
import io.relayscope.trace.cost.CostSheet;
import io.relayscope.trace.cost.Prices;
import io.relayscope.trace.cost.RunCounts;
import io.relayscope.trace.ModelRef;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceHeader;
import io.relayscope.trace.TraceSummary;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds a run's trace as it happens: token and call records (streamed to the listener), counters, header, summary. */
final class TraceAssembly {
    private final CausalLm slm;
    private final CausalLm llm;
    private final TextTokenizer tokenizer;
    /** The LLM's tokens' tokenizer: the SLM's for a shared vocabulary, the LLM's own through the text bridge. */
    private final TextTokenizer llmTokenizer;
    private final RelayListener listener;
    private final List<TokenRecord> tokens = new ArrayList<>();
    private final List<CallRecord> calls = new ArrayList<>();
    private final Utf8Stream responseText = new Utf8Stream();
    private int promptTokens;
    private int slmTokens;
    private int llmTokens;
    private int commandTokens;

    TraceAssembly(ModelPair models, RelayListener listener) {
        this.slm = models.slm();
        this.llm = models.llm();
        this.tokenizer = slm.tokenizer();
        this.llmTokenizer = models.textBridge() ? llm.tokenizer() : tokenizer;
        this.listener = listener;
    }

    TraceHeader header(RelayRequest request, String promptText, io.relayscope.trace.PromptSpec promptSpec,
                       java.util.Optional<io.relayscope.trace.TextBridge> bridge) {
        List<ModelRef> refs = List.of(ref("slm", slm), ref("llm", llm));
        return new TraceHeader(Trace.FORMAT_VERSION, Version.APP, Instant.now().toString(), request.prompt(),
                promptText, refs, tokenizer.sha256(), request.policy(), request.slmSampling(), request.llmSampling(),
                request.seed(), request.limits(), promptSpec, bridge);
    }

    private static ModelRef ref(String role, CausalLm m) {
        return new ModelRef(role, m.name(), m.location(), m.info().sha256(),
                m.info().parameterCount());
    }

    void prompt(int[] prompt) {
        Utf8Stream text = new Utf8Stream();
        for (int id : prompt) {
            byte[] bytes = tokenizer.tokenBytes(id);
            TokenRecord t = TokenRecord.prompt(tokens.size(), id,
                    tokenizer.isSpecial(id) ? tokenizer.piece(id) : text.push(bytes), bytes);
            tokens.add(t);
            listener.onToken(t);
        }
        promptTokens = prompt.length;
    }

    /** Records one generated token and streams it to the listener. */
    void token(int id, StepScores scores, long latencyNanos, Source source) {
        TextTokenizer tokenizer = source == Source.LLM ? llmTokenizer : this.tokenizer;
        byte[] bytes = tokenizer.tokenBytes(id);
        String text = tokenizer.isSpecial(id) ? tokenizer.piece(id) : responseText.push(bytes);
        TokenRecord t = new TokenRecord(tokens.size(), id, text, bytes, source, scores.logprob(id), scores.entropy(),
                alternatives(scores, tokenizer), latencyNanos / 1000);
        tokens.add(t);
        switch (source) {
            case SLM -> slmTokens++;
            case LLM -> llmTokens++;
            case COMMAND -> commandTokens++;
            default -> throw new IllegalStateException("generated token with source " + source);
        }
        listener.onToken(t);
    }

    void call(CallRecord call) {
        calls.add(call);
        listener.onCall(call);
    }

    private static List<Alternative> alternatives(StepScores scores, TextTokenizer tokenizer) {
        List<Alternative> out = new ArrayList<>(Distribution.TOP);
        for (int id : scores.topIds()) {
            if (id >= 0) {
                String text = tokenizer.isSpecial(id) ? tokenizer.piece(id)
                        : new String(tokenizer.tokenBytes(id), StandardCharsets.UTF_8);
                out.add(new Alternative(id, text, scores.probability(id)));
            }
        }
        return out;
    }

    /** Index the next token will get. */
    int nextIndex() {
        return tokens.size();
    }

    int calls() {
        return calls.size();
    }

    /** Response tokens recorded so far (SLM, LLM and command). */
    int responseTokens() {
        return slmTokens + llmTokens + commandTokens;
    }

    Trace trace(TraceHeader header, FinishReason reason, String error, long nanos, ForwardStats slmStats,
                ForwardStats llmStats) {
        ModelCost slmCost = cost(slmStats, slm, slmTokens + commandTokens);
        ModelCost llmCost = cost(llmStats, llm, llmTokens);
        boolean eos = reason == FinishReason.SLM_EOS || reason == FinishReason.LLM_EOS;
        RunCounts counts = new RunCounts(promptTokens, slmTokens + commandTokens, llmTokens, eos, slmCost.fedTokens(),
                llmCost.fedTokens(), RunCounts.llmOwnReads(llmTokens, reason, calls), llmCost.forwardCalls(), 0,
                slmCost.parameterCount(), llmCost.parameterCount(), true);
        double saving = CostSheet.of(counts, Prices.NONE).flopsSaving();
        StringBuilder text = new StringBuilder();
        for (TokenRecord t : tokens) {
            if (t.source() != Source.PROMPT) {
                text.append(t.text());
            }
        }
        TraceSummary summary = new TraceSummary(promptTokens, slmTokens, llmTokens, commandTokens, calls.size(),
                TraceSummary.llmTokenRatio(slmTokens, llmTokens, commandTokens), reason, error, nanos / 1000,
                slmCost, llmCost, saving, text.toString());
        return new Trace(header, tokens, calls, summary);
    }

    private static ModelCost cost(ForwardStats s, CausalLm model, long generated) {
        long params = model.info().parameterCount();
        return new ModelCost(generated, s.fedTokens(), s.forwardCalls(), s.nanos() / 1000, params,
                2.0 * params * s.fedTokens(), s.cachedTokens(), s.serverTokens());
    }
}
