package io.relayscope.trace.cost;

/**
 * Optional prices in USD per 1M tokens, per model: input (tokens it reads that a server has not cached), cached
 * input (context it read before, re-read from a server's prefix cache), and output (tokens it writes).
 * All zero ({@link #NONE}) means "no money shown".
 */
public record Prices(double slmInput, double slmCachedInput, double slmOutput,
                     double llmInput, double llmCachedInput, double llmOutput) {

    public static final Prices NONE = new Prices(0, 0, 0, 0, 0, 0);

    public Prices {
        for (double p : new double[] {slmInput, slmCachedInput, slmOutput, llmInput, llmCachedInput, llmOutput}) {
            if (!(p >= 0) || Double.isInfinite(p)) {
                throw new IllegalArgumentException("a price per 1M tokens must be a number >= 0, not " + p);
            }
        }
    }

    /** One price per model for every kind of token (the old single-price options). */
    public static Prices flat(double slm, double llm) {
        return new Prices(slm, slm, slm, llm, llm, llm);
    }

    public boolean isSet() {
        return slmInput > 0 || slmCachedInput > 0 || slmOutput > 0 || llmInput > 0 || llmCachedInput > 0 || llmOutput > 0;
    }
}
