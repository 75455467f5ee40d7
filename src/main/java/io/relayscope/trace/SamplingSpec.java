package io.relayscope.trace;

/** Sampling settings of one model; temperature 0 means greedy. topK 0 and topP 1 mean off. */
public record SamplingSpec(double temperature, int topK, double topP) {

    public static final SamplingSpec GREEDY = new SamplingSpec(0, 0, 1.0);

    public boolean greedy() {
        return temperature <= 0;
    }
}
