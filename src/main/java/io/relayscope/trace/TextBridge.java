package io.relayscope.trace;

/**
 * A run whose SLM and LLM have different tokenizers, relayed as text (the text bridge): the LLM's tokenizer, and the
 * LLM's own prompt (its chat template over the same question) with its length in the LLM's tokens. In such a trace
 * every token's id, text and alternatives are in the tokenizer of the model that wrote it: prompt, SLM and command
 * tokens (and {@code summary.promptTokens}, {@code slmTokens}, {@code commandTokens}) in the SLM's
 * ({@code header.tokenizerSha256}), LLM tokens (and {@code summary.llmTokens}) in the LLM's ({@link #llmTokenizerSha256}).
 */
public record TextBridge(String llmTokenizerSha256, String llmPromptText, int llmPromptTokens) {
}
