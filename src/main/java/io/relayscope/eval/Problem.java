package io.relayscope.eval;

/** One dataset problem: its 1-based line in the file, the question and the reference final answer. */
public record Problem(int line, String question, String answer) {
}
