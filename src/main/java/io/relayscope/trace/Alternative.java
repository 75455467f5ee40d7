package io.relayscope.trace;

/** One of the top candidates the writing model considered at a step. */
public record Alternative(int id, String text, double probability) {
}
