package io.relayscope.eval;

import io.relayscope.engine.RelayEngine;
import io.relayscope.engine.RelayListener;
import io.relayscope.engine.RunControl;
import io.relayscope.engine.ShadowScorer;
import io.relayscope.engine.UserFacingException;
import io.relayscope.trace.CriticalTokens;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceSummary;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Answers problems one after another with a relay engine and checks each final answer; with shadow scoring on,
 * each run is also scored with both models' opinion and its critical tokens counted.
 */
public final class Evaluator {
    private final RelayEngine engine;
    private final boolean shadow;
    private final Consumer<Trace> traces;

    public Evaluator(RelayEngine engine) {
        this(engine, false);
    }

    public Evaluator(RelayEngine engine, boolean shadow) {
        this(engine, shadow, t -> { });
    }

    /** As {@link #Evaluator(RelayEngine, boolean)}, handing every problem's trace (scored, with shadow) to {@code traces}. */
    public Evaluator(RelayEngine engine, boolean shadow, Consumer<Trace> traces) {
        this.engine = engine;
        this.shadow = shadow;
        this.traces = traces;
    }

    /** Runs every problem; a decoding failure stops the evaluation with a one-line error naming the problem. */
    public EvalReport evaluate(String label, String dataset, List<Problem> problems, EvalSettings settings,
                               EvalProgress progress) {
        long start = System.nanoTime();
        List<ProblemResult> results = new ArrayList<>(problems.size());
        progress.start(label, problems.size());
        try {
            for (int i = 0; i < problems.size(); i++) {
                ProblemResult r = solve(problems.get(i), i, settings);
                results.add(r);
                progress.problem(i + 1, problems.size(), r);
            }
        } finally {
            progress.finish();
        }
        return new EvalReport(label, dataset, engine.models().slm().name(), engine.models().llm().name(), settings,
                results, (System.nanoTime() - start) / 1000);
    }

    /** Answers one problem. */
    public ProblemResult solve(Problem p, int index, EvalSettings settings) {
        Trace trace = engine.run(settings.request(p.question(), index), RelayListener.NONE, new RunControl());
        TraceSummary s = trace.summary();
        if (s.finishReason() == FinishReason.ERROR) {
            throw new UserFacingException("problem at line " + p.line() + ": " + s.error());
        }
        String response = s.responseText();
        String predicted = Answers.extract(answerText(trace));
        Trace kept = shadow ? new ShadowScorer(engine.models()).score(trace) : trace;
        traces.accept(kept);
        CriticalTokens critical = shadow ? CriticalTokens.of(kept) : CriticalTokens.NONE;
        return new ProblemResult(index, p.line(), p.question(), p.answer(), predicted, Answers.matches(predicted, p.answer()),
                s.slmTokens(), s.llmTokens(), s.commandTokens(), s.calls(), s.finishReason().name(), s.wallMicros(),
                response, critical);
    }

    /** The response without call command tokens, so a call in the middle of a number does not split it. */
    public static String answerText(Trace trace) {
        StringBuilder sb = new StringBuilder();
        for (TokenRecord t : trace.tokens()) {
            if (t.source() == Source.SLM || t.source() == Source.LLM) {
                sb.append(t.text());
            }
        }
        return sb.toString();
    }
}
