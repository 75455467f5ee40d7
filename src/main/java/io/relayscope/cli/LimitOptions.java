package io.relayscope.cli;

import io.relayscope.trace.Limits;
import io.relayscope.trace.sampling.SamplingCatalogue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code --max-new-tokens}, {@code --max-calls}, {@code --ignore-eos} and the reference preset {@code --reference-limits};
 * the first two are worded by the sampling catalogue ({@link SamplingHelp}).
 */
@Command(resourceBundle = OptionHelp.BUNDLE)
public final class LimitOptions {
    static final int DEFAULT_TOKENS = SamplingCatalogue.control(SamplingCatalogue.MAX_NEW_TOKENS).intDefault();
    static final int DEFAULT_CALLS = SamplingCatalogue.control(SamplingCatalogue.MAX_CALLS).intDefault();

    @Option(names = "--max-new-tokens", paramLabel = "N", descriptionKey = "sampling." + SamplingCatalogue.MAX_NEW_TOKENS)
    Integer maxNewTokens;

    @Option(names = "--max-calls", paramLabel = "N", descriptionKey = "sampling." + SamplingCatalogue.MAX_CALLS)
    Integer maxCalls;

    @Option(names = "--reference-limits",
            description = "the reference implementation's limits: 8192 tokens, 5 SLM turns (4 calls); --max-* still override")
    boolean reference;

    @Option(names = "--ignore-eos",
            description = "never sample end-of-sequence: the run goes on to --max-new-tokens (stress traces)")
    boolean ignoreEos;

    Limits limits(CommandLine cl) {
        Limits base = reference ? Limits.REFERENCE : new Limits(DEFAULT_TOKENS, DEFAULT_CALLS);
        int tokens = maxNewTokens != null ? maxNewTokens : base.maxNewTokens();
        int calls = maxCalls != null ? maxCalls : base.maxCalls();
        OptionChecks.atLeast(cl, "--max-new-tokens", tokens, 1);
        OptionChecks.atLeast(cl, "--max-calls", calls, 0);
        return new Limits(tokens, calls, ignoreEos);
    }
}
