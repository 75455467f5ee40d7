package io.relayscope.engine.remote;

import java.util.List;

/**
 * One token a server wrote: its id (-1 when the server gives none), its text, logprob, entropy (NaN unless the
 * server reports it; relayscope serve does) and the top alternatives it returned, best first.
 */
public record RemoteToken(int id, String text, double logprob, double entropy, List<Alternative> top) {

    public RemoteToken {
        top = List.copyOf(top);
    }

    /** An alternative: id (-1 when unknown), text, logprob. */
    public record Alternative(int id, String text, double logprob) {
    }
}
