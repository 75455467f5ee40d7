package io.relayscope.trace;

/**
 * One edge of a session's branch tree: run {@code run} was decoded from run {@code parent}'s tokens before
 * {@code position} (a token index, prompt included) with {@code tokenId} forced at {@code position}.
 */
public record BranchLink(int run, int parent, int position, int tokenId, String tokenText) {
    public BranchLink {
        tokenText = tokenText == null ? "" : tokenText;
    }
}
