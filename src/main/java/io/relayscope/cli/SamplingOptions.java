package io.relayscope.cli;

import io.relayscope.trace.SamplingSpec;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Sampling flags per model: SLM {@code --temperature/--top-k/--top-p}, LLM {@code --llm-temperature/...} (default: as
 * the SLM). {@code run} starts from each model's generation_config.json defaults and applies only the flags given.
 */
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

    /**
     * The SLM's sampling: its model defaults (generation_config.json) with every flag the user gave on top.
     */
    SamplingSpec slm(CommandLine cl, SamplingSpec modelDefault) {
        return merged(cl, modelDefault, "--temperature", "--top-k", "--top-p", "");
    }

    /** The LLM's sampling: its model defaults, then the shared flags, then the --llm-* flags. */
    SamplingSpec llm(CommandLine cl, SamplingSpec modelDefault) {
        SamplingSpec shared = merged(cl, modelDefault, "--temperature", "--top-k", "--top-p", "");
        return merged(cl, shared, "--llm-temperature", "--llm-top-k", "--llm-top-p", "llm-");
    }

    private SamplingSpec merged(CommandLine cl, SamplingSpec base, String tName, String kName, String pName, String prefix) {
        CommandLine.ParseResult pr = cl.getParseResult();
        boolean llm = !prefix.isEmpty();
        double t = pr.hasMatchedOption(tName) ? (llm ? llmTemperature : temperature) : base.temperature();
        int k = pr.hasMatchedOption(kName) ? (llm ? llmTopK : topK) : base.topK();
        double p = pr.hasMatchedOption(pName) ? (llm ? llmTopP : topP) : base.topP();
        SamplingSpec checked = check(cl, prefix, t, k, p);
        return checked.withMinP(base.minP()).withRepetitionPenalty(base.repetitionPenalty());
    }

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
