package io.relayscope.engine;

import java.util.List;

/**
 * What a remote model's side of a run needs to know about the loop: texts after which a request may end (the SLM's
 * {@code </call>}), and whether the sink may refuse a token before it is chosen (a policy deciding per token), in
 * which case a remote model writes one token per request so that its server never runs ahead of the run.
 */
public record TurnHints(List<String> stops, boolean stepwise) {

    public TurnHints {
        stops = List.copyOf(stops);
    }

    public static final TurnHints NONE = new TurnHints(List.of(), false);
}
