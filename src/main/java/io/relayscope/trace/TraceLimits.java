package io.relayscope.trace;

import com.fasterxml.jackson.core.StreamReadConstraints;

/**
 * Upper bounds that keep a hostile or damaged file from exhausting memory. The string, nesting, number, name and
 * document limits go to Jackson's {@link StreamReadConstraints} (checked while parsing, before a huge value is
 * held in memory); the others are checked by the reader as arrays are filled.
 */
public record TraceLimits(int maxStringChars, int maxNestingDepth, long maxDocumentBytes, int maxNumberChars,
                          int maxNameChars, int maxTokens, int maxCalls, int maxAlternatives, int maxModels,
                          int maxPolicyParameters, int maxTokenTextChars, int maxTokenBytes) {

    /** The limits {@link TraceCodec} reads with unless told otherwise. */
    public static final TraceLimits DEFAULT = new TraceLimits(
            16 * 1024 * 1024, 32, 2L * 1024 * 1024 * 1024, 64, 256,
            5_000_000, 1_000_000, 64, 16, 256, 65_536, 65_536);

    /** The same limits with another maximum token count (for tests and small-memory callers). */
    public TraceLimits withMaxTokens(int tokens) {
        return new TraceLimits(maxStringChars, maxNestingDepth, maxDocumentBytes, maxNumberChars, maxNameChars,
                tokens, maxCalls, maxAlternatives, maxModels, maxPolicyParameters, maxTokenTextChars, maxTokenBytes);
    }

    /** The Jackson constraints for these limits. */
    public StreamReadConstraints streamReadConstraints() {
        return StreamReadConstraints.builder()
                .maxStringLength(maxStringChars)
                .maxNestingDepth(maxNestingDepth)
                .maxDocumentLength(maxDocumentBytes)
                .maxNumberLength(maxNumberChars)
                .maxNameLength(maxNameChars)
                .build();
    }
}
