package io.relayscope.trace;

import java.util.List;
import java.util.Optional;

/** Runs side by side by response position (the first token after each prompt is position 0). */
public final class RunAlignment {
    private RunAlignment() {
    }

    /** The response tokens of a trace. */
    public static List<TokenRecord> response(Trace t) {
        int prompt = (int) t.tokens().stream().takeWhile(x -> x.source() == Source.PROMPT).count();
        return t.tokens().subList(prompt, t.tokens().size());
    }

    /**
     * The first response position where the runs part: a token id differs there, or one run has ended while another
     * goes on; empty when all runs are the same token for token.
     */
    public static Optional<Integer> firstDivergence(List<Trace> runs) {
        List<List<TokenRecord>> responses = runs.stream().map(RunAlignment::response).toList();
        int longest = responses.stream().mapToInt(List::size).max().orElse(0);
        for (int i = 0; i < longest; i++) {
            Integer id = null;
            for (List<TokenRecord> r : responses) {
                if (i >= r.size()) {
                    return Optional.of(i);
                }
                if (id == null) {
                    id = r.get(i).id();
                } else if (id != r.get(i).id()) {
                    return Optional.of(i);
                }
            }
        }
        return Optional.empty();
    }
}
