package io.relayscope.trace.importers;

import io.relayscope.trace.TraceLimits;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Settings for importing: the prompt (when the file has none), the tokenizer that splits text into token pieces
 * (their concatenation must give back the text), and the size limits.
 */
public record ImportOptions(String prompt, Function<String, List<String>> tokenizer, TraceLimits limits) {

    /** No prompt, the character-level {@link CharacterPieces} tokenizer, default limits. */
    public static final ImportOptions DEFAULT = new ImportOptions(null, CharacterPieces::split, TraceLimits.DEFAULT);

    public ImportOptions {
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(limits, "limits");
    }

    public ImportOptions withPrompt(String newPrompt) {
        return new ImportOptions(newPrompt, tokenizer, limits);
    }

    public ImportOptions withTokenizer(Function<String, List<String>> newTokenizer) {
        return new ImportOptions(prompt, newTokenizer, limits);
    }
}
