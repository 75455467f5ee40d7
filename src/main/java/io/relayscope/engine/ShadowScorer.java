package io.relayscope.engine;

import io.relayscope.trace.ShadowScore;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * "LLM opinion": scores every response token of a finished trace with both models, each over the context it had
 * in the run (the SLM with its call tags, the LLM with each command replaced by one space), in batched forwards
 * over the whole text, and stores each model's log-probability of the token and its top choice in the token's
 * {@link ShadowScore}. Command tokens get none (the LLM never sees them). The run's own costs are untouched.
 */
public final class ShadowScorer {
    /** Tokens per forward: bounds the logits tensor (rows x vocabulary) a forward returns. */
    static final int CHUNK = 256;
    private final ModelPair models;

    public ShadowScorer(ModelPair models) {
        this.models = models;
    }

    public Trace score(Trace trace) {
        if (models.textBridge() || trace.header().textBridge().isPresent()) {
            throw new UserFacingException("the LLM's opinion scores every token with both models' ids, but these two "
                    + "models have different tokenizers (the run went through the text bridge); run it without the LLM "
                    + "opinion, or choose two models that share one tokenizer");
        }
        List<TokenRecord> tokens = trace.tokens();
        TextTokenizer tokenizer = models.slm().tokenizer();
        boolean followsCommands = Policies.create(trace.header().policy(), trace.header().seed()).followsCommands();
        int[] slmBanned = RelayRun.banned(models.slm(), trace.header().limits(),
                followsCommands ? OptionalInt.empty() : tokenizer.specialId("<call>"));
        int[] llmBanned = RelayRun.banned(models.llm(), trace.header().limits(), OptionalInt.empty());

        // the SLM's context is every token as written; the LLM's replaces each command group by a space
        int n = tokens.size();
        int[] slmIds = tokens.stream().mapToInt(TokenRecord::id).toArray();
        int[] space = tokenizer.encode(" ");
        List<Integer> llmIds = new ArrayList<>(n);
        int[] llmPosition = new int[n];
        for (int i = 0; i < n; i++) {
            TokenRecord t = tokens.get(i);
            if (t.source() == Source.COMMAND) {
                llmPosition[i] = -1;
                boolean groupStart = i == 0 || tokens.get(i - 1).source() != Source.COMMAND;
                if (groupStart) {
                    for (int s : space) {
                        llmIds.add(s);
                    }
                }
            } else {
                llmPosition[i] = llmIds.size();
                llmIds.add(t.id());
            }
        }
        Rows slmRows = rows(models.slm(), slmIds, slmBanned);
        Rows llmRows = rows(models.llm(), llmIds.stream().mapToInt(Integer::intValue).toArray(), llmBanned);

        List<TokenRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            TokenRecord t = tokens.get(i);
            if (t.source() == Source.PROMPT || t.source() == Source.COMMAND || i == 0 || llmPosition[i] <= 0) {
                out.add(t);
                continue;
            }
            int s = i - 1;
            int l = llmPosition[i] - 1;
            out.add(t.withShadow(new ShadowScore(slmRows.logprob[s], slmRows.top[s], llmRows.logprob[l], llmRows.top[l])));
        }
        return new Trace(trace.header(), out, trace.calls(), trace.summary());
    }

    /** Row r: after ids[0..r], the log-probability of ids[r + 1] (NaN for the last row) and the top choice. */
    private record Rows(double[] logprob, int[] top) {
    }

    /** Scores after every token, in forwards of {@link #CHUNK} tokens; only two numbers per row are kept. */
    private static Rows rows(CausalLm model, int[] ids, int[] banned) {
        Rows rows = new Rows(new double[ids.length], new int[ids.length]);
        try (KvSequence seq = model.newSequence()) {
            for (int from = 0; from < ids.length; from += CHUNK) {
                int base = from;
                seq.appendRows(Arrays.copyOfRange(ids, from, Math.min(ids.length, from + CHUNK)), (offset, logits) -> {
                    for (int b : banned) {
                        if (b < logits.length) {
                            logits[b] = Float.NEGATIVE_INFINITY;
                        }
                    }
                    int r = base + offset;
                    Distribution d = Distribution.of(logits);
                    rows.logprob[r] = r + 1 < ids.length ? d.logprob(ids[r + 1]) : Double.NaN;
                    rows.top[r] = d.argmax();
                });
            }
        }
        return rows;
    }
}
