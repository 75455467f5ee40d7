package io.relayscope.trace;

import java.util.Map;
import java.util.TreeMap;

/** The call policy by name (model-command, confidence, random-token, random-query, slm-only, llm-only) and its numeric parameters. */
public record PolicySpec(String name, Map<String, Double> parameters) {

    public PolicySpec {
        parameters = parameters == null ? Map.of() : new TreeMap<>(parameters);
    }

    public double parameter(String key, double fallback) {
        Double v = parameters.get(key);
        return v == null ? fallback : v;
    }
}
