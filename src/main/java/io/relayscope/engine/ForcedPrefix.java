package io.relayscope.engine;

import io.relayscope.trace.CallRecord;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;

import java.util.List;

/**
 * Where a branch run starts: the parent's prompt and response up to a position (tokens with their sources and
 * records, and the calls among them), then one chosen token forced at that position. The new run replays the
 * prefix without a forward, feeds each model everything up to the branch point in one batched forward, writes the
 * forced token as the model that wrote the parent's token there (the LLM inside a call, else the SLM), and goes on.
 *
 * @param index  token index (prompt included, as {@link TokenRecord#index()}) of the forced token
 * @param source {@link Source#LLM} or {@link Source#SLM}: which model writes the forced token
 */
public record ForcedPrefix(int[] promptIds, List<TokenRecord> response, List<CallRecord> calls, int index,
                           int tokenId, Source source) {

    public ForcedPrefix {
        promptIds = promptIds.clone();
        response = List.copyOf(response);
        calls = List.copyOf(calls);
        if (source != Source.LLM && source != Source.SLM) {
            throw new IllegalArgumentException("a forced token is written by the SLM or the LLM, not " + source);
        }
    }

    @Override
    public int[] promptIds() {
        return promptIds.clone();
    }

    /** Branches the parent at a response token: everything before it kept, the token replaced by tokenId. */
    public static ForcedPrefix of(Trace parent, int index, int tokenId) {
        List<TokenRecord> all = parent.tokens();
        int prompt = (int) all.stream().takeWhile(t -> t.source() == Source.PROMPT).count();
        if (index < prompt || index >= all.size()) {
            throw new UserFacingException("branch position " + index + " is not a response token of the trace; "
                    + "choose one from " + prompt + " to " + (all.size() - 1));
        }
        int[] promptIds = all.subList(0, prompt).stream().mapToInt(TokenRecord::id).toArray();
        Source source = all.get(index).source() == Source.LLM ? Source.LLM : Source.SLM;
        List<CallRecord> calls = parent.calls().stream().filter(c -> c.position() <= index).toList();
        return new ForcedPrefix(promptIds, all.subList(prompt, index), calls, index, tokenId, source);
    }
}
