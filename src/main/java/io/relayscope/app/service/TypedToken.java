package io.relayscope.app.service;

import io.relayscope.app.model.TokenDetails;

import java.util.Arrays;
import java.util.function.Function;
import java.util.function.IntFunction;

/** A token the user typed to branch with: exactly one token of the vocabulary, or a one-line reason why not. */
public sealed interface TypedToken {

    /** The typed text is this one token. */
    record One(int id, String text) implements TypedToken {
    }

    /** The typed text is not one token; {@code reason} says what to type instead. */
    record Refused(String reason) implements TypedToken {
    }

    /** Tokenizes {@code text} (no special tokens added) and requires exactly one token. */
    static TypedToken of(String text, Function<String, int[]> encode, IntFunction<String> decode) {
        if (text == null || text.isEmpty()) {
            return new Refused("type a token to continue with (a space counts: \" 5\" is not \"5\")");
        }
        int[] ids = encode.apply(text);
        if (ids.length == 1) {
            return new One(ids[0], text);
        }
        if (ids.length == 0) {
            return new Refused(TokenDetails.quote(text) + " is no token of the vocabulary; type another text");
        }
        String pieces = String.join(" ", Arrays.stream(ids).limit(6).mapToObj(i -> TokenDetails.quote(decode.apply(i))).toList())
                + (ids.length > 6 ? " ..." : "");
        return new Refused(TokenDetails.quote(text) + " is " + ids.length + " tokens (" + pieces + "); type one token, e.g. "
                + TokenDetails.quote(decode.apply(ids[0])));
    }
}
