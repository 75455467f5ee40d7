package io.relayscope.cli;

import io.relayscope.engine.ModelPair;
import io.relayscope.eval.EvalSettings;
import io.relayscope.trace.Limits;
import io.relayscope.trace.PolicySpec;
import io.relayscope.trace.SamplingSpec;
import io.relayscope.trace.sampling.SamplingCatalogue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Sampling flags per model: SLM {@code --temperature/--top-k/--top-p/--min-p/--repetition-penalty}, LLM
 * {@code --llm-temperature/...} (default: as the SLM). {@code run}, {@code eval}, {@code paper-table} and
 * {@code bench} start from each model's generation_config.json defaults and apply only the flags given.
 * Their help comes from the sampling catalogue through {@link SamplingHelp}.
 */
@Command(resourceBundle = OptionHelp.BUNDLE)
public final class SamplingOptions {
    // the defaults are the catalogue's (picocli keeps a field's initial value when the option is not given)
    @Option(names = "--temperature", paramLabel = "T", descriptionKey = "sampling." + SamplingCatalogue.TEMPERATURE)
    double temperature = SamplingCatalogue.control(SamplingCatalogue.TEMPERATURE).defaultValue();

    @Option(names = "--top-k", paramLabel = "K", descriptionKey = "sampling." + SamplingCatalogue.TOP_K)
    int topK = SamplingCatalogue.control(SamplingCatalogue.TOP_K).intDefault();

    @Option(names = "--top-p", paramLabel = "P", descriptionKey = "sampling." + SamplingCatalogue.TOP_P)
    double topP = SamplingCatalogue.control(SamplingCatalogue.TOP_P).defaultValue();

    @Option(names = "--min-p", paramLabel = "P", descriptionKey = "sampling." + SamplingCatalogue.MIN_P)
    double minP = SamplingCatalogue.control(SamplingCatalogue.MIN_P).defaultValue();

    @Option(names = "--repetition-penalty", paramLabel = "R",
            descriptionKey = "sampling." + SamplingCatalogue.REPETITION_PENALTY)
    double repetitionPenalty = SamplingCatalogue.control(SamplingCatalogue.REPETITION_PENALTY).defaultValue();

    @Option(names = "--llm-temperature", paramLabel = "T", descriptionKey = "sampling.llm." + SamplingCatalogue.TEMPERATURE)
    Double llmTemperature;

    @Option(names = "--llm-top-k", paramLabel = "K", descriptionKey = "sampling.llm." + SamplingCatalogue.TOP_K)
    Integer llmTopK;

    @Option(names = "--llm-top-p", paramLabel = "P", descriptionKey = "sampling.llm." + SamplingCatalogue.TOP_P)
    Double llmTopP;

    @Option(names = "--llm-min-p", paramLabel = "P", descriptionKey = "sampling.llm." + SamplingCatalogue.MIN_P)
    Double llmMinP;

    @Option(names = "--llm-repetition-penalty", paramLabel = "R", descriptionKey = "sampling.llm." + SamplingCatalogue.REPETITION_PENALTY)
    Double llmRepetitionPenalty;

    @Option(names = "--seed", paramLabel = "N", descriptionKey = "sampling." + SamplingCatalogue.SEED)
    long seed = SamplingCatalogue.control(SamplingCatalogue.SEED).intDefault();

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
        double mp = pr.hasMatchedOption(llm ? "--llm-min-p" : "--min-p") ? (llm ? llmMinP : minP) : base.minP();
        double rp = pr.hasMatchedOption(llm ? "--llm-repetition-penalty" : "--repetition-penalty")
                ? (llm ? llmRepetitionPenalty : repetitionPenalty) : base.repetitionPenalty();
        return extras(cl, prefix, checked, mp, rp);
    }

    /**
     * Evaluation settings for a pair as {@code run} decodes: each model's generation_config.json defaults with the
     * flags given on top (eval, paper-table and bench share this).
     */
    EvalSettings settings(CommandLine cl, PolicySpec policy, ModelPair pair, Limits limits) {
        return new EvalSettings(policy, slm(cl, pair.slm().generationDefaults().sampling()),
                llm(cl, pair.llm().generationDefaults().sampling()), seed, limits);
    }

    SamplingSpec slm(CommandLine cl) {
        return extras(cl, "", check(cl, "", temperature, topK, topP), minP, repetitionPenalty);
    }

    SamplingSpec llm(CommandLine cl) {
        return extras(cl, "llm-", check(cl, "llm-", llmTemperature != null ? llmTemperature : temperature,
                llmTopK != null ? llmTopK : topK, llmTopP != null ? llmTopP : topP),
                llmMinP != null ? llmMinP : minP, llmRepetitionPenalty != null ? llmRepetitionPenalty : repetitionPenalty);
    }

    /** Adds min-p and the repetition penalty, checked. */
    static SamplingSpec extras(CommandLine cl, String prefix, SamplingSpec spec, double minP, double penalty) {
        if (!(minP >= 0 && minP <= 1)) {
            throw new CommandLine.ParameterException(cl, "--" + prefix + "min-p must be from 0 (off) to 1, not " + minP);
        }
        if (!(penalty > 0) || Double.isInfinite(penalty)) {
            throw new CommandLine.ParameterException(cl, "--" + prefix + "repetition-penalty must be positive (1 is off, "
                    + "above 1 discourages repeats), not " + penalty);
        }
        return spec.withMinP(minP).withRepetitionPenalty(penalty);
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
