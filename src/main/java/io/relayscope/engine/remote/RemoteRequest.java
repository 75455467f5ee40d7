package io.relayscope.engine.remote;

import io.relayscope.trace.SamplingSpec;

import java.util.List;

/**
 * One completion to ask for: the prompt as token ids (when the server takes them) or text, at most
 * {@code maxTokens} new tokens, sampling and seed, stop strings (kept in the output with {@code includeStop}),
 * ids that must never be drawn, whether end-of-sequence is ignored, and how many alternatives to return.
 */
public record RemoteRequest(int[] promptIds, String promptText, int maxTokens, SamplingSpec sampling, long seed,
                            List<String> stop, boolean includeStop, int[] bannedIds, boolean ignoreEos, int logprobs) {

    public RemoteRequest {
        if ((promptIds == null) == (promptText == null)) {
            throw new IllegalArgumentException("give the prompt as ids or as text");
        }
        promptIds = promptIds == null ? null : promptIds.clone();
        stop = List.copyOf(stop);
        bannedIds = bannedIds.clone();
    }

    public boolean byIds() {
        return promptIds != null;
    }

    /** The same request resumed after {@code done} tokens came: those extend the prompt, fewer remain to write. */
    RemoteRequest resumedAfter(List<RemoteToken> done) {
        if (done.isEmpty()) {
            return this;
        }
        int n = maxTokens - done.size();
        if (byIds() && done.stream().allMatch(t -> t.id() >= 0)) {
            int[] ids = java.util.Arrays.copyOf(promptIds, promptIds.length + done.size());
            for (int i = 0; i < done.size(); i++) {
                ids[promptIds.length + i] = done.get(i).id();
            }
            return new RemoteRequest(ids, null, n, sampling, seed, stop, includeStop, bannedIds, ignoreEos, logprobs);
        }
        StringBuilder text = new StringBuilder(promptText == null ? "" : promptText);
        done.forEach(t -> text.append(t.text()));
        return new RemoteRequest(null, text.toString(), n, sampling, seed, stop, includeStop, bannedIds, ignoreEos, logprobs);
    }
}
