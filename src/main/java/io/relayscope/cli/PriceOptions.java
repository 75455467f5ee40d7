package io.relayscope.cli;

import io.relayscope.trace.cost.Prices;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Prices in USD per 1M tokens for the money row of the costs ({@code docs/costs.md}): per model input, cached input
 * and output ({@code --llm-prices 0.6,0.15,2.4}), or one price for every token ({@code --price-llm 2}). Off by default.
 */
public final class PriceOptions {

    @Option(names = "--slm-prices", paramLabel = "IN,CACHED,OUT",
            description = "SLM prices per 1M input, cached-input and output tokens (USD)")
    String slmPrices;

    @Option(names = "--llm-prices", paramLabel = "IN,CACHED,OUT",
            description = "LLM prices per 1M input, cached-input and output tokens (USD)")
    String llmPrices;

    @Option(names = "--price-slm", paramLabel = "USD", description = "one SLM price per 1M tokens of every kind")
    Double priceSlm;

    @Option(names = "--price-llm", paramLabel = "USD", description = "one LLM price per 1M tokens of every kind")
    Double priceLlm;

    Prices prices(CommandLine cl) {
        double[] slm = triple(cl, "--slm-prices", slmPrices, "--price-slm", priceSlm);
        double[] llm = triple(cl, "--llm-prices", llmPrices, "--price-llm", priceLlm);
        return new Prices(slm[0], slm[1], slm[2], llm[0], llm[1], llm[2]);
    }

    private static double[] triple(CommandLine cl, String option, String text, String flatOption, Double flat) {
        if (text != null && flat != null) {
            throw new CommandLine.ParameterException(cl, option + " and " + flatOption + " both set; give one of them");
        }
        if (flat != null) {
            double p = OptionChecks.atLeast(cl, flatOption, flat, 0);
            return new double[] {p, p, p};
        }
        if (text == null) {
            return new double[3];
        }
        String[] parts = text.split(",", -1);
        if (parts.length != 3) {
            throw new CommandLine.ParameterException(cl, option + " takes three prices IN,CACHED,OUT (e.g. 0.6,0.15,2.4), not '"
                    + text + "'");
        }
        double[] p = new double[3];
        for (int i = 0; i < 3; i++) {
            try {
                p[i] = OptionChecks.atLeast(cl, option, Double.parseDouble(parts[i].strip()), 0);
            } catch (NumberFormatException e) {
                throw new CommandLine.ParameterException(cl, option + ": '" + parts[i].strip() + "' is not a price");
            }
        }
        return p;
    }
}
