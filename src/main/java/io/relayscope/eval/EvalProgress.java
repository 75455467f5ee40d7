package io.relayscope.eval;

/** Receives an evaluation's progress, one call per finished problem. */
public interface EvalProgress {

    default void start(String label, int total) {
    }

    void problem(int done, int total, ProblemResult result);

    default void finish() {
    }

    EvalProgress NONE = (done, total, result) -> {
    };
}
