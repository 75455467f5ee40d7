package io.relayscope.trace;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One token of a trace. {@code index} counts from the first prompt token; {@code logprob}, {@code entropy}
 * and {@code alternatives} describe the distribution of the model that wrote it (NaN / empty for prompt tokens);
 * {@code shadow}, when the run was scored with the LLM's opinion, both models' view of the token (format 1.1).
 */
public record TokenRecord(int index, int id, String text, byte[] bytes, Source source, double logprob,
                          double entropy, List<Alternative> alternatives, long latencyMicros,
                          Optional<ShadowScore> shadow) {

    public TokenRecord {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
        bytes = bytes == null ? new byte[0] : bytes.clone();
        alternatives = alternatives == null ? List.of() : List.copyOf(alternatives);
        shadow = shadow == null ? Optional.empty() : shadow;
    }

    /** A token without the models' shadow scores. */
    public TokenRecord(int index, int id, String text, byte[] bytes, Source source, double logprob,
                       double entropy, List<Alternative> alternatives, long latencyMicros) {
        this(index, id, text, bytes, source, logprob, entropy, alternatives, latencyMicros, Optional.empty());
    }

    /** This token with both models' scores of it. */
    public TokenRecord withShadow(ShadowScore score) {
        return new TokenRecord(index, id, text, bytes, source, logprob, entropy, alternatives, latencyMicros,
                Optional.of(score));
    }

    /** True when this response token is critical: the models' top choices differ here. */
    public boolean critical() {
        return shadow.map(ShadowScore::critical).orElse(false);
    }

    /** A prompt token: no distribution, no latency. */
    public static TokenRecord prompt(int index, int id, String text, byte[] bytes) {
        return new TokenRecord(index, id, text, bytes, Source.PROMPT, Double.NaN, Double.NaN, List.of(), 0);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Probability of the chosen token, exp(logprob). */
    public double probability() {
        return Math.exp(logprob);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenRecord t && index == t.index && id == t.id && text.equals(t.text)
                && Arrays.equals(bytes, t.bytes) && source == t.source
                && Double.compare(logprob, t.logprob) == 0 && Double.compare(entropy, t.entropy) == 0
                && alternatives.equals(t.alternatives) && latencyMicros == t.latencyMicros && shadow.equals(t.shadow);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, id, text, Arrays.hashCode(bytes), source, logprob, entropy, alternatives, latencyMicros, shadow);
    }

    @Override
    public String toString() {
        return "TokenRecord[" + index + ", " + id + ", '" + text + "', " + source + "]";
    }
}
