package io.relayscope.eval;

import io.relayscope.trace.CriticalTokens;
import io.relayscope.trace.TraceSummary;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The totals of an evaluation: accuracy (final-answer exact match), the paper's LLM token ratio summed over the
 * dataset (all LLM tokens / all response tokens), calls and tokens per model, wall time.
 */
public record EvalReport(String label, String dataset, String slm, String llm, EvalSettings settings,
                         List<ProblemResult> results, long wallMicros) {

    public EvalReport {
        results = List.copyOf(results);
    }

    public int problems() {
        return results.size();
    }

    public int correct() {
        return (int) results.stream().filter(ProblemResult::correct).count();
    }

    public double accuracy() {
        return results.isEmpty() ? 0 : (double) correct() / results.size();
    }

    public long slmTokens() {
        return results.stream().mapToLong(ProblemResult::slmTokens).sum();
    }

    public long llmTokens() {
        return results.stream().mapToLong(ProblemResult::llmTokens).sum();
    }

    public long commandTokens() {
        return results.stream().mapToLong(ProblemResult::commandTokens).sum();
    }

    public long calls() {
        return results.stream().mapToLong(ProblemResult::calls).sum();
    }

    public double callsPerProblem() {
        return results.isEmpty() ? 0 : (double) calls() / results.size();
    }

    /** Critical tokens and their calls summed over the problems (all zero without shadow scoring). */
    public CriticalTokens critical() {
        return results.stream().map(ProblemResult::critical).reduce(CriticalTokens.NONE, CriticalTokens::plus);
    }

    /** True when the runs were scored with both models' opinion (eval --shadow). */
    public boolean shadowScored() {
        return critical().scored() > 0;
    }

    /** The paper's LLM token ratio over the whole dataset. */
    public double llmTokenRatio() {
        return TraceSummary.llmTokenRatio(slmTokens(), llmTokens(), commandTokens());
    }

    /** The fields of the {@code --json} line, in a fixed order. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", label);
        m.put("dataset", dataset);
        m.put("slm", slm);
        m.put("llm", llm);
        m.put("policy", settings.policy().name());
        m.put("policyParameters", settings.policy().parameters());
        m.put("seed", settings.seed());
        m.put("maxNewTokens", settings.limits().maxNewTokens());
        m.put("maxCalls", settings.limits().maxCalls());
        m.put("problems", problems());
        m.put("correct", correct());
        m.put("accuracy", accuracy());
        m.put("llmTokenRatio", llmTokenRatio());
        m.put("calls", calls());
        m.put("callsPerProblem", callsPerProblem());
        m.put("slmTokens", slmTokens());
        m.put("llmTokens", llmTokens());
        m.put("commandTokens", commandTokens());
        if (shadowScored()) {
            CriticalTokens c = critical();
            m.put("scoredTokens", c.scored());
            m.put("criticalTokens", c.critical());
            m.put("criticalCovered", c.covered());
            m.put("callsAtCritical", c.atCritical());
            m.put("callPrecision", Double.isNaN(c.precision()) ? null : c.precision());
            m.put("callRecall", Double.isNaN(c.recall()) ? null : c.recall());
        }
        m.put("wallSeconds", wallMicros / 1e6);
        return m;
    }
}
