package io.relayscope.app.model;

/** One displayed line of the token view: the token range [first, end) and whether a newline token closes it. */
public record TokenLine(int number, int first, int end, boolean closed) {

    public int length() {
        return end - first;
    }

    public boolean contains(int tokenIndex) {
        return tokenIndex >= first && tokenIndex < end;
    }
}
