package io.relayscope.engine;

/** One token a model wrote in its turn, with what it said about the step and the time the step took. */
public record WrittenToken(int id, StepScores scores, long latencyNanos) {
}
