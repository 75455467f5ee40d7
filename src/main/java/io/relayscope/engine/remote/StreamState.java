package io.relayscope.engine.remote;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** What one streamed attempt has brought so far: new tokens to hand on, the finish, usage and the model named. */
final class StreamState {
    final List<RemoteToken> fresh = new ArrayList<>();
    RemoteResult.Finish finish;
    String stopString;
    int promptTokens = -1;
    int completionTokens = -1;
    OptionalInt cachedTokens = OptionalInt.empty();
    boolean done;
    boolean sawLogprobs;

    List<RemoteToken> drain() {
        List<RemoteToken> out = new ArrayList<>(fresh);
        fresh.clear();
        return out;
    }
}
