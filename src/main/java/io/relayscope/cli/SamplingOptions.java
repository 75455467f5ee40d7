package io.relayscope.cli;

import io.relayscope.trace.SamplingSpec;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Sampling flags per model: SLM {@code --temperature/--top-k/--top-p}, LLM {@code --llm-temperature/...} (default: as the SLM). */
public final class SamplingOptions {
    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0",
            description = "SLM sampling temperature; 0 is greedy (default ${DEFAULT-VALUE}; the reference uses 0.7)")
    double temperature;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "0", description = "SLM top-k, 0 is off (default ${DEFAULT-VALUE})")
    int topK;

    @Option(names = "--top-p", paramLabel = "P", defaultValue = "1.0", description = "SLM nucleus top-p, 1 is off (default ${DEFAULT-VALUE})")
    double topP;

    @Option(names = "--llm-temperature", paramLabel = "T", description = "LLM temperature (default: --temperature)")
    Double llmTemperature;

    @Option(names = "--llm-top-k", paramLabel = "K", description = "LLM top-k (default: --top-k)")
    Integer llmTopK;

    @Option(names = "--llm-top-p", paramLabel = "P", description = "LLM top-p (default: --top-p)")
    Double llmTopP;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "random seed: the same seed and settings reproduce a run (default ${DEFAULT-VALUE})")
    long seed;

    SamplingSpec slm(CommandLine cl) {
        return check(cl, "", temperature, topK, topP);
    }

    SamplingSpec llm(CommandLine cl) {
        return check(cl, "llm-", llmTemperature != null ? llmTemperature : temperature,
                llmTopK != null ? llmTopK : topK, llmTopP != null ? llmTopP : topP);
    }

    private static SamplingSpec check(CommandLine cl, String prefix, double t, int k, double p) {
        if (!(t >= 0) || Double.isInfinite(t)) {
            throw new CommandLine.ParameterException(cl, "--" + prefix + "temperature must be 0 (greedy) or positive, not " + t);
        }
        if (k < 0) {
            throw new CommandLine.ParameterException(cl, "--" + prefix + "top-k must be 0 (off) or positive, not " + k);
        }
        if (!(p > 0 && p <= 1)) {
            throw new CommandLine.ParameterException(cl, "--" + prefix + "top-p must be above 0 and at most 1, not " + p);
        }
        return new SamplingSpec(t, k, p);
    }
}
