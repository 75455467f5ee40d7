package io.relayscope.eval;

import io.relayscope.engine.ModelPair;
import io.relayscope.engine.Policies;
import io.relayscope.engine.RelayEngine;
import io.relayscope.trace.PolicySpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleFunction;

/**
 * The paper's comparison at small scale: the SLM alone, the LLM alone, the relay pair, the confidence router and the
 * token-level random router swept to the relay's LLM token ratio, and the query-level random router swept to the
 * relay's accuracy; with the gap closed and the cost reduction against the performance-matched random router.
 */
public final class PaperTable {
    private static final int SWEEP_STEPS = 6;

    /** One evaluated configuration on the frontier plot. */
    public record Point(String series, double ratio, double accuracy, String setting) {
    }

    /** One row of the table; {@code slm} names the model that writes (the LLM for llm-only). */
    public record Row(String method, String slm, String setting, double accuracy, double ratio, double callsPerProblem,
                      int problems) {
    }

    /** Everything the table and the plot show. */
    public record Result(String dataset, int problems, String slmBase, String slmRelay, String llm, EvalSettings settings,
                         int callTokens, List<Row> rows, List<Point> points, double gapClosed, double matchedQueryP,
                         double matchedQueryRatio, double costReduction, double randomTokenAccuracy, double randomTokenRatio,
                         double confidenceAccuracy, double confidenceRatio, double relayAccuracy, double relayRatio,
                         double slmAccuracy, double llmAccuracy, String note) {
    }

    private final ModelPair base;
    private final ModelPair relay;
    private final Optional<ModelPair> nocall;
    private final String dataset;
    private final List<Problem> problems;
    private final EvalSettings settings;
    private final EvalSettings relaySettings;
    private Evaluator relayEvaluator;
    private final Integer callTokens;
    private final EvalProgress progress;
    private final List<Point> points = new ArrayList<>();

    /**
     * @param base       base SLM + LLM (baselines and routers)
     * @param relay      relay-trained SLM + LLM (may be the base pair when no relay SLM exists)
     * @param callTokens tokens per call of the confidence and random-token routers; null: the relay's mean per call
     */
    public PaperTable(ModelPair base, ModelPair relay, String dataset, List<Problem> problems, EvalSettings settings,
                      Integer callTokens, EvalProgress progress) {
        this(base, relay, Optional.empty(), dataset, problems, settings, settings, callTokens, progress);
    }

    /**
     * @param nocall the paper's no-call baseline (the base SLM trained on the relay warm-up's data and steps without
     *               calls) + LLM: adds its rows alone and under the confidence and random-token routers
     */
    public PaperTable(ModelPair base, ModelPair relay, Optional<ModelPair> nocall, String dataset, List<Problem> problems,
                      EvalSettings settings, Integer callTokens, EvalProgress progress) {
        this(base, relay, nocall, dataset, problems, settings, settings, callTokens, progress);
    }

    /**
     * @param settings      how the base pair (and the no-call pair) decode (the policy is replaced per row)
     * @param relaySettings how the relay pair decodes (its SLM may have other generation defaults)
     */
    public PaperTable(ModelPair base, ModelPair relay, Optional<ModelPair> nocall, String dataset, List<Problem> problems,
                      EvalSettings settings, EvalSettings relaySettings, Integer callTokens, EvalProgress progress) {
        this.relaySettings = relaySettings;
        this.base = base;
        this.relay = relay;
        this.nocall = nocall;
        this.dataset = dataset;
        this.problems = List.copyOf(problems);
        this.settings = settings;
        this.callTokens = callTokens;
        this.progress = progress;
    }

    /** Series name of the confidence router over the relay SLM's own language model. */
    public static final String RELAY_LM_CONFIDENCE = "confidence (relay SLM)";
    /** Plot series of the no-call baseline alone and of the routers over it. */
    public static final String NOCALL_SERIES = "no-call SLM alone";
    public static final String NOCALL_CONFIDENCE_SERIES = "confidence (no-call SLM)";
    public static final String NOCALL_RANDOM_TOKEN_SERIES = "random token (no-call SLM)";
    /** Row of the no-call baseline alone (the paper's "GRPO without calls"). */
    public static final String NOCALL_ALONE = "SLM trained without calls alone (the paper's no-call baseline)";
    /** Row of the confidence router over the no-call model. */
    public static final String NOCALL_CONFIDENCE = "confidence router on the no-call SLM, at the relay's ratio";
    /** Row of the token-level random router over the no-call model. */
    public static final String NOCALL_RANDOM_TOKEN = "token-level random router on the no-call SLM, at the relay's ratio";

    private static String perCall(int n) {
        return n + (n == 1 ? " token/call" : " tokens/call");
    }

    public Result run() {
        Evaluator baseEval = new Evaluator(new RelayEngine(base));
        Evaluator relayEval = new Evaluator(new RelayEngine(relay));
        relayEvaluator = relayEval;
        List<Row> rows = new ArrayList<>();
        boolean sameSlm = base.slm().folder() != null && base.slm().folder().equals(relay.slm().folder());

        EvalReport slm = eval(baseEval, "SLM alone", spec(Policies.SLM_ONLY, Map.of()));
        rows.add(row("SLM alone", slm, ""));
        point("SLM alone", slm, "");
        if (!sameSlm) {
            EvalReport relaySlm = eval(relayEval, "relay SLM alone", spec(Policies.SLM_ONLY, Map.of()));
            rows.add(row("relay-trained SLM alone", relaySlm, ""));
            point("relay SLM alone", relaySlm, "");
        }
        EvalReport llm = eval(baseEval, "LLM alone", spec(Policies.LLM_ONLY, Map.of()));
        rows.add(row("LLM alone", llm, ""));
        point("LLM alone", llm, "");
        EvalReport pair = eval(relayEval, "relay", spec(Policies.MODEL_COMMAND, Map.of()));
        rows.add(row("RelayLLM pair (the SLM's own `<call>n</call>`)", pair, ""));
        point("relay", pair, "");

        int n = callTokens != null ? callTokens
                : pair.calls() == 0 ? 4 : (int) Math.max(1, Math.round((double) pair.llmTokens() / pair.calls()));
        double target = pair.llmTokenRatio();

        EvalReport conf = sweepToRatio(target, 0, 1, x -> eval(baseEval, "confidence " + fmt(x),
                spec(Policies.CONFIDENCE, Map.of(Policies.THRESHOLD, x, Policies.CALL_TOKENS, (double) n))), Policies.CONFIDENCE, Policies.THRESHOLD);
        rows.add(row("confidence router at the relay's ratio", conf, "threshold " + fmt(param(conf, Policies.THRESHOLD)) + ", " + perCall(n)));
        if (!sameSlm) {
            // the same router over the relay SLM's language model (the engine masks its <call> under a router): what
            // the relay's calls add beyond what the warm-up taught the language model itself
            EvalReport own = sweepToRatio(target, 0, 1, x -> eval(relayEval, "confidence on the relay SLM " + fmt(x),
                    spec(Policies.CONFIDENCE, Map.of(Policies.THRESHOLD, x, Policies.CALL_TOKENS, (double) n))), RELAY_LM_CONFIDENCE, Policies.THRESHOLD);
            rows.add(row("confidence router on the relay SLM's language model, at the relay's ratio", own,
                    "threshold " + fmt(param(own, Policies.THRESHOLD)) + ", " + perCall(n)));
        }

        EvalReport token = sweepToRatio(target, 0, 0.5, x -> eval(baseEval, "random-token " + fmt(x),
                spec(Policies.RANDOM_TOKEN, Map.of(Policies.P, x, Policies.CALL_TOKENS, (double) n))), "random token", Policies.P);
        rows.add(row("token-level random router at the relay's ratio", token, "p " + fmt(param(token, Policies.P)) + ", " + perCall(n)));
        nocall.ifPresent(pairOfNocall -> rows.addAll(nocallRows(new Evaluator(new RelayEngine(pairOfNocall)), target, n)));

        double span = llm.accuracy() - slm.accuracy();
        double gap = span > 0 ? (pair.accuracy() - slm.accuracy()) / span : Double.NaN;
        List<Point> query = new ArrayList<>();
        query.add(new Point("random query", slm.llmTokenRatio(), slm.accuracy(), "p 0"));
        List<Double> ps = new ArrayList<>(List.of(0.25, 0.5, 0.75));
        if (gap > 0 && gap < 1 && ps.stream().noneMatch(p -> Math.abs(p - gap) < 1e-9)) {
            ps.add(gap);
        }
        ps.sort(Comparator.naturalOrder());
        EvalReport matchedQuery = null;
        for (double p : ps) {
            EvalReport r = eval(baseEval, "random-query " + fmt(p), spec(Policies.RANDOM_QUERY, Map.of(Policies.P, p)));
            query.add(new Point("random query", r.llmTokenRatio(), r.accuracy(), "p " + fmt(p)));
            if (Math.abs(p - gap) < 1e-9) {
                matchedQuery = r;
            }
        }
        query.add(new Point("random query", llm.llmTokenRatio(), llm.accuracy(), "p 1"));
        points.addAll(query);
        if (matchedQuery != null) {
            rows.add(row("query-level random router at the relay's accuracy", matchedQuery, "p " + fmt(gap) + " (= gap closed)"));
        }
        double[] matched = matchAccuracy(query, pair.accuracy());
        String note = "";
        if (!(span > 0)) {
            note = "The LLM alone is not more accurate than the SLM alone here, so the gap closed and the cost reduction are undefined.";
        } else if (pair.accuracy() <= slm.accuracy()) {
            note = "The relay pair is not more accurate than the SLM alone, so no random router needs any LLM tokens to match it.";
        } else if (pair.accuracy() > llm.accuracy()) {
            note = "The relay pair beats the LLM alone; the performance-matched router is taken as the LLM alone.";
        }
        if (sameSlm) {
            note = (note.isEmpty() ? "" : note + " ") + "No relay-trained SLM was given (assets/models/tiny-slm-relay is absent), so "
                    + "the relay pair is the base SLM following its own commands, which it was never taught to write; rerun "
                    + "paper-table once the relay SLM exists.";
        }
        double reduction = matched[1] > 0 ? 1 - pair.llmTokenRatio() / matched[1] : Double.NaN;
        return new Result(dataset, problems.size(), base.slm().name(), relay.slm().name(), base.llm().name(), settings, n,
                rows, List.copyOf(points), gap, matched[0], matched[1], reduction, token.accuracy(), token.llmTokenRatio(),
                conf.accuracy(), conf.llmTokenRatio(), pair.accuracy(), pair.llmTokenRatio(), slm.accuracy(), llm.accuracy(), note);
    }

    /** The no-call baseline alone, and the confidence and token-level random routers over it at the relay's ratio. */
    private List<Row> nocallRows(Evaluator nocallEval, double target, int n) {
        EvalReport alone = eval(nocallEval, "no-call SLM alone", spec(Policies.SLM_ONLY, Map.of()));
        point(NOCALL_SERIES, alone, "");
        EvalReport conf = sweepToRatio(target, 0, 1, x -> eval(nocallEval, "confidence on the no-call SLM " + fmt(x),
                spec(Policies.CONFIDENCE, Map.of(Policies.THRESHOLD, x, Policies.CALL_TOKENS, (double) n))), NOCALL_CONFIDENCE_SERIES, Policies.THRESHOLD);
        EvalReport token = sweepToRatio(target, 0, 0.5, x -> eval(nocallEval, "random-token on the no-call SLM " + fmt(x),
                spec(Policies.RANDOM_TOKEN, Map.of(Policies.P, x, Policies.CALL_TOKENS, (double) n))), NOCALL_RANDOM_TOKEN_SERIES, Policies.P);
        return List.of(row(NOCALL_ALONE, alone, ""),
                row(NOCALL_CONFIDENCE, conf, "threshold " + fmt(param(conf, Policies.THRESHOLD)) + ", " + perCall(n)),
                row(NOCALL_RANDOM_TOKEN, token, "p " + fmt(param(token, Policies.P)) + ", " + perCall(n)));
    }

    /**
     * Where the measured query-router curve (points ordered by p, from SLM alone to LLM alone) first reaches the
     * accuracy: {p-fraction of the way, interpolated LLM token ratio}. Past the LLM alone: the LLM alone.
     */
    static double[] matchAccuracy(List<Point> curve, double accuracy) {
        if (curve.isEmpty()) {
            return new double[] {Double.NaN, Double.NaN};
        }
        if (accuracy <= curve.get(0).accuracy()) {
            return new double[] {0, curve.get(0).ratio()};
        }
        for (int i = 1; i < curve.size(); i++) {
            Point a = curve.get(i - 1);
            Point b = curve.get(i);
            if (b.accuracy() >= accuracy && a.accuracy() < accuracy) {
                double f = (accuracy - a.accuracy()) / (b.accuracy() - a.accuracy());
                double pa = pOf(a);
                double pb = pOf(b);
                return new double[] {pa + f * (pb - pa), a.ratio() + f * (b.ratio() - a.ratio())};
            }
        }
        Point last = curve.get(curve.size() - 1);
        return new double[] {1, last.ratio()};
    }

    private static double pOf(Point p) {
        return Double.parseDouble(p.setting().substring(2));
    }

    /** Bisects the parameter (ratio grows with it) to the target LLM token ratio; returns the closest evaluation. */
    private EvalReport sweepToRatio(double target, double lo, double hi, DoubleFunction<EvalReport> at, String series,
                                    String param) {
        if (target <= 0) {
            EvalReport none = at.apply(lo);
            point(series, none, param + " " + fmt(lo));
            return none;
        }
        EvalReport best;
        EvalReport top = at.apply(hi);
        point(series, top, param + " " + fmt(hi));
        best = top;
        if (top.llmTokenRatio() < target && hi < 1) {
            lo = hi;
            hi = 1;
        }
        for (int i = 0; i < SWEEP_STEPS; i++) {
            double mid = (lo + hi) / 2;
            EvalReport r = at.apply(mid);
            point(series, r, param + " " + fmt(mid));
            if (Math.abs(r.llmTokenRatio() - target) < Math.abs(best.llmTokenRatio() - target)) {
                best = r;
            }
            if (r.llmTokenRatio() < target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return best;
    }

    private EvalReport eval(Evaluator evaluator, String label, PolicySpec policy) {
        EvalSettings s = evaluator == relayEvaluator ? relaySettings : settings;
        return evaluator.evaluate(label, dataset, problems, s.withPolicy(policy), progress);
    }

    private void point(String series, EvalReport r, String setting) {
        points.add(new Point(series, r.llmTokenRatio(), r.accuracy(), setting));
    }

    private static Row row(String method, EvalReport r, String setting) {
        PolicySpec p = r.settings().policy();
        return new Row(method, Policies.LLM_ONLY.equals(p.name()) ? r.llm() : r.slm(), p.name() + (setting.isEmpty() ? "" : ", " + setting), r.accuracy(), r.llmTokenRatio(),
                r.callsPerProblem(), r.problems());
    }

    private static double param(EvalReport r, String key) {
        return r.settings().policy().parameter(key, Double.NaN);
    }

    private static PolicySpec spec(String name, Map<String, Double> params) {
        return Policies.spec(name, params);
    }

    static String fmt(double x) {
        String s = String.format(java.util.Locale.ROOT, "%.4f", x);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }
}
