package io.relayscope.engine;

/** An SLM token waiting until it is known whether it belongs to a call command. */
record HeldToken(int id, StepScores scores, long latencyNanos) {
}
