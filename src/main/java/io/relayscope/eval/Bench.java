package io.relayscope.eval;

import io.relayscope.engine.BareOrtBaseline;
import io.relayscope.engine.CausalLm;
import io.relayscope.engine.KvSequence;
import io.relayscope.engine.ModelPair;
import io.relayscope.engine.OnnxCausalLm;
import io.relayscope.engine.Policies;
import io.relayscope.engine.RelayEngine;
import io.relayscope.engine.RelayRequest;
import io.relayscope.engine.UserFacingException;
import io.relayscope.trace.Limits;
import io.relayscope.trace.PolicySpec;
import io.relayscope.trace.SamplingSpec;
import io.relayscope.trace.Trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The speed benchmark of issue 6: engine decode step against the bare ONNX Runtime API (same model, same cache
 * state), tokens/s at position 1024 against 16, a relay run against its SLM and LLM forwards replayed standalone,
 * and the incremental hand-over against re-sending the whole context at every call as the reference does.
 */
public final class Bench {
    /** The relay configuration measured: the confidence router makes calls on any SLM. */
    public static final PolicySpec RELAY_POLICY = Policies.spec(Policies.CONFIDENCE, Map.of(Policies.THRESHOLD, 0.9, Policies.CALL_TOKENS, 4.0));

    private final ModelPair pair;
    private final List<String> prompts;
    private final int rounds;
    private final Consumer<String> log;
    private final SamplingSpec slmSampling;
    private final SamplingSpec llmSampling;

    /**
     * @param rounds measurement rounds (each interleaves the compared sides; the first quarter is warm-up)
     */
    public Bench(ModelPair pair, List<String> prompts, int rounds, Consumer<String> log) {
        this(pair, prompts, rounds, pair.slm().generationDefaults().sampling(), pair.llm().generationDefaults().sampling(), log);
    }

    /**
     * @param slmSampling how the relay runs' SLM samples (run's rule: its generation_config.json defaults, flags on top)
     * @param llmSampling how their LLM samples; the remote row stays greedy, so both sides decode the same tokens
     */
    public Bench(ModelPair pair, List<String> prompts, int rounds, SamplingSpec slmSampling, SamplingSpec llmSampling,
                 Consumer<String> log) {
        this.slmSampling = slmSampling;
        this.llmSampling = llmSampling;
        this.pair = pair;
        this.prompts = List.copyOf(prompts);
        this.rounds = Math.max(4, rounds);
        this.log = log;
    }

    /** Runs every measurement; the map holds the four headline ratios first, then the raw numbers. */
    public Map<String, Object> run() {
        if (!(pair.llm() instanceof OnnxCausalLm llm) || !(pair.slm() instanceof OnnxCausalLm slm)) {
            throw new UserFacingException("the benchmark needs ONNX model folders");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        int[] stream = tokenStream(pair.llm(), 1024 + 80);
        log.accept("engine step vs bare ONNX Runtime (" + llm.name() + ")");
        double[] llmStep = engineVsBare(llm, stream);
        log.accept("engine step vs bare ONNX Runtime (" + slm.name() + ")");
        double[] slmStep = engineVsBare(slm, stream);
        log.accept("tokens/s at position 1024 vs 16");
        double[] flat = flatness(llm, stream);
        log.accept("relay run vs its forwards standalone; hand-over vs re-prefill");
        Map<String, Double> relay = relay();
        log.accept("remote LLM (relayscope serve on loopback) vs the same calls in process");
        Map<String, Double> remote = new RemoteBench(pair, prompts, rounds).run();

        out.put("engineOverheadRatio", llmStep[2]);
        out.put("kvFlatness", flat[2]);
        out.put("relayOverheadRatio", relay.remove("relayOverheadRatio"));
        out.put("handoverPrefillRatio", relay.get("oursTokens") / relay.get("referenceTokens"));
        out.put("handoverTimeRatio", relay.remove("handoverTimeRatio"));
        out.put("bridgeHandoverRatio", relay.remove("bridgeHandoverRatio"));
        out.put("remoteOverheadRatio", remote.remove("remoteOverheadRatio"));
        out.put("servePrefixReuse", remote.remove("servePrefixReuse"));
        out.put("engineOverheadRatioSlm", slmStep[2]);
        out.put("engineStepMicros", llmStep[0]);
        out.put("bareStepMicros", llmStep[1]);
        out.put("engineStepMicrosSlm", slmStep[0]);
        out.put("bareStepMicrosSlm", slmStep[1]);
        out.put("tokensPerSecondAt16", flat[0]);
        out.put("tokensPerSecondAt1024", flat[1]);
        out.put("bareKvFlatness", flat[3]);
        out.putAll(relay);
        out.putAll(remote);
        out.put("targets", Map.of("engineOverheadRatio", "<= 1.05", "kvFlatness", ">= 0.85",
                "relayOverheadRatio", "<= 1.05", "handoverPrefillRatio", "< 1 (lower is better)",
                "servePrefixReuse", "1.0", "remoteOverheadRatio", "measured (HTTP + JSON per call)",
                "bridgeHandoverRatio", "measured (decode + re-encode per hand-over)"));
        return out;
    }

    /**
     * Engine and bare step time (microseconds, medians) at a 64-token context, and the median over rounds of each
     * round's engine/bare ratio (paired, so that load changes between rounds cancel out).
     */
    private double[] engineVsBare(OnnxCausalLm model, int[] stream) {
        try (BareOrtBaseline baseline = BareOrtBaseline.open(model)) {
            return paired(() -> model.newSequence(), 64, () -> baseline.newSequence(), 64, stream, 64);
        }
    }

    /**
     * Tokens/s of single-token steps right after position 16 and right after position 1024, for the engine and for
     * the bare API: {tps16, tps1024, median per-round engine ratio, same for the bare API}.
     */
    private double[] flatness(OnnxCausalLm model, int[] stream) {
        try (BareOrtBaseline baseline = BareOrtBaseline.open(model)) {
            double[] engine = paired(model::newSequence, 1024, model::newSequence, 16, stream, 32);
            double[] bare = paired(baseline::newSequence, 1024, baseline::newSequence, 16, stream, 32);
            return new double[] {1e6 / engine[1], 1e6 / engine[0], 1 / engine[2], 1 / bare[2]};
        }
    }

    /**
     * Times single-token steps of two setups (a sequence factory and a prefill length each), interleaved round by
     * round after a warm-up quarter: {median step µs of A, median step µs of B, median over rounds of A/B}.
     */
    private double[] paired(java.util.function.Supplier<KvSequence> a, int prefixA, java.util.function.Supplier<KvSequence> b,
                            int prefixB, int[] stream, int steps) {
        List<Long> all0 = new ArrayList<>();
        List<Long> all1 = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            boolean keep = r >= rounds / 4;
            long[][] t = new long[2][];
            for (int side = 0; side < 2; side++) {
                int which = (side == 0) == (r % 2 == 0) ? 0 : 1;
                try (KvSequence seq = which == 0 ? a.get() : b.get()) {
                    t[which] = decode(seq, stream, which == 0 ? prefixA : prefixB, steps);
                }
            }
            if (keep) {
                for (long v : t[0]) {
                    all0.add(v);
                }
                for (long v : t[1]) {
                    all1.add(v);
                }
                ratios.add(Stats.median(t[0]) / Stats.median(t[1]));
            }
        }
        return new double[] {Stats.median(all0) / 1000.0, Stats.median(all1) / 1000.0, Stats.medianOf(ratios)};
    }

    /** Prefills {@code prefix} tokens, then times {@code steps} single-token forwards. */
    private static long[] decode(KvSequence seq, int[] stream, int prefix, int steps) {
        seq.append(Arrays.copyOfRange(stream, 0, prefix));
        long[] t = new long[steps];
        int[] one = new int[1];
        for (int i = 0; i < steps; i++) {
            one[0] = stream[prefix + i];
            long t0 = System.nanoTime();
            seq.append(one);
            t[i] = System.nanoTime() - t0;
        }
        return t;
    }

    /** Relay wall time, its forwards replayed standalone, and hand-over cost against re-prefilling. */
    private Map<String, Double> relay() {
        RelayEngine plain = new RelayEngine(pair);
        List<List<RecordingLm.Forward>> logs = new ArrayList<>();
        long calls = 0;
        long responseTokens = 0;
        for (int i = 0; i < prompts.size(); i++) {
            List<RecordingLm.Forward> forwards = new ArrayList<>();
            RelayEngine recording = new RelayEngine(ModelPair.of(new RecordingLm(pair.slm(), "slm", forwards),
                    new RecordingLm(pair.llm(), "llm", forwards)));
            Trace t = recording.run(request(prompts.get(i), i));
            calls += t.summary().calls();
            responseTokens += t.summary().responseTokens();
            logs.add(forwards);
        }
        List<Long> wall = new ArrayList<>();
        List<Long> standalone = new ArrayList<>();
        List<Long> ours = new ArrayList<>();
        List<Long> reference = new ArrayList<>();
        List<Double> relayRatios = new ArrayList<>();
        List<Double> handoverRatios = new ArrayList<>();
        List<Double> bridgeRatios = new ArrayList<>();
        List<Long> bridged = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            boolean keep = r >= rounds / 4;
            long w = 0;
            long s = 0;
            long o = 0;
            long ref = 0;
            long b = 0;
            for (int i = 0; i < prompts.size(); i++) {
                long t0 = System.nanoTime();
                plain.run(request(prompts.get(i), i));
                w += System.nanoTime() - t0;
                long[] replay = replay(logs.get(i), false);
                s += replay[0];
                o += replay[1];
                ref += reprefill(logs.get(i));
                b += replay(logs.get(i), true)[1];
            }
            if (keep) {
                relayRatios.add(w / (double) s);
                handoverRatios.add(o / (double) ref);
                bridgeRatios.add(b / (double) o);
                bridged.add(b);
                wall.add(w);
                standalone.add(s);
                ours.add(o);
                reference.add(ref);
            }
        }
        long oursTokens = 0;
        long referenceTokens = 0;
        long oursLlm = 0;
        long referenceLlm = 0;
        for (List<RecordingLm.Forward> forwards : logs) {
            for (int k : handovers(forwards)) {
                RecordingLm.Forward f = forwards.get(k);
                oursTokens += f.tokens().length;
                referenceTokens += f.lengthBefore() + f.tokens().length;
                if ("llm".equals(f.role())) {
                    oursLlm += f.tokens().length;
                    referenceLlm += f.lengthBefore() + f.tokens().length;
                }
            }
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("relayPrompts", (double) prompts.size());
        m.put("relayCalls", (double) calls);
        m.put("relayResponseTokens", (double) responseTokens);
        m.put("relayWallMs", Stats.median(wall) / 1e6);
        m.put("standaloneMs", Stats.median(standalone) / 1e6);
        m.put("oursTokens", (double) oursTokens);
        m.put("referenceTokens", (double) referenceTokens);
        m.put("handoverPrefillRatioLlm", referenceLlm == 0 ? Double.NaN : (double) oursLlm / referenceLlm);
        m.put("relayOverheadRatio", Stats.medianOf(relayRatios));
        m.put("handoverTimeRatio", Stats.medianOf(handoverRatios));
        m.put("oursMs", Stats.median(ours) / 1e6);
        m.put("bridgeHandoverRatio", Stats.medianOf(bridgeRatios));
        m.put("bridgedHandoverMs", Stats.median(bridged) / 1e6);
        m.put("handovers", (double) logs.stream().mapToInt(f -> handovers(f).size()).sum());
        m.put("referenceMs", Stats.median(reference) / 1e6);
        return m;
    }

    /** The request of the relay runs measured: the confidence router, the pair's sampling, a seed per prompt. */
    RelayRequest request(String prompt, int i) {
        return new RelayRequest(prompt, RELAY_POLICY, slmSampling, llmSampling, Seeds.mix(0, i),
                new Limits(256, 64));
    }

    /**
     * Replays each recorded sequence on its own model: total forward nanos, and nanos of the hand-over forwards.
     * bridged: each hand-over as the text bridge does it (see {@link #bridgedFeed}), timed with its forward.
     */
    private long[] replay(List<RecordingLm.Forward> forwards, boolean bridged) {
        Map<String, KvSequence> seqs = new LinkedHashMap<>();
        List<Integer> hand = handovers(forwards);
        long total = 0;
        long handover = 0;
        try {
            for (int k = 0; k < forwards.size(); k++) {
                RecordingLm.Forward f = forwards.get(k);
                KvSequence seq = seqs.computeIfAbsent(f.role() + f.sequence(),
                        key -> ("slm".equals(f.role()) ? pair.slm() : pair.llm()).newSequence());
                boolean isHandover = hand.contains(k);
                CausalLm model = "slm".equals(f.role()) ? pair.slm() : pair.llm();
                long t0 = System.nanoTime();
                seq.append(bridged && isHandover ? bridgedFeed(f.tokens(), model) : f.tokens());
                long dt = System.nanoTime() - t0;
                total += dt;
                if (isHandover) {
                    handover += dt;
                }
            }
        } finally {
            seqs.values().forEach(KvSequence::close);
        }
        return new long[] {total, handover};
    }

    /**
     * A hand-over's tokens as the text bridge feeds them: their bytes decoded (the writer's tokenizer), encoded again by
     * the receiver's ({@link io.relayscope.engine.TextTokenizer#encodeBytes}), so the forward that follows reads the
     * receiver's ids. On one tokenizer these are the same ids (checked), so the forwards match and the difference
     * is the decode and re-encode. The receiver's own last token, which the bridge passes as its id, is re-encoded too.
     */
    private static int[] bridgedFeed(int[] tokens, CausalLm receiver) {
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        for (int id : tokens) {
            text.writeBytes(receiver.tokenizer().tokenBytes(id));
        }
        int[] ids = receiver.tokenizer().encodeBytes(text.toByteArray());
        if (!Arrays.equals(ids, tokens)) {
            throw new UserFacingException("the bridged hand-over re-encoded " + tokens.length + " tokens as " + ids.length
                    + " other ones; the bridge row needs a pair whose tokenizer re-encodes its own text exactly");
        }
        return ids;
    }

    /** Nanoseconds to prefill the whole context on a fresh sequence at every hand-over, as the reference does. */
    private long reprefill(List<RecordingLm.Forward> forwards) {
        long total = 0;
        for (int k : handovers(forwards)) {
            RecordingLm.Forward f = forwards.get(k);
            int[] context = context(forwards, k);
            try (KvSequence seq = ("slm".equals(f.role()) ? pair.slm() : pair.llm()).newSequence()) {
                long t0 = System.nanoTime();
                seq.append(context);
                total += System.nanoTime() - t0;
            }
        }
        return total;
    }

    /** Every token the forward's sequence has been fed up to and including forward k. */
    private static int[] context(List<RecordingLm.Forward> forwards, int k) {
        RecordingLm.Forward target = forwards.get(k);
        int[] out = new int[target.lengthBefore() + target.tokens().length];
        int at = 0;
        for (int i = 0; i <= k; i++) {
            RecordingLm.Forward f = forwards.get(i);
            if (f.role().equals(target.role()) && f.sequence() == target.sequence()) {
                System.arraycopy(f.tokens(), 0, out, at, f.tokens().length);
                at += f.tokens().length;
            }
        }
        return out;
    }

    /** Indexes of hand-over forwards: a model's first forward after the other model has run (the first prefill excluded). */
    static List<Integer> handovers(List<RecordingLm.Forward> forwards) {
        List<Integer> out = new ArrayList<>();
        for (int k = 1; k < forwards.size(); k++) {
            if (!forwards.get(k).role().equals(forwards.get(k - 1).role())) {
                out.add(k);
            }
        }
        return out;
    }

    /** A long token stream for timing: dataset text or a fixed sentence, repeated to the length needed. */
    private int[] tokenStream(CausalLm model, int length) {
        StringBuilder text = new StringBuilder();
        for (String p : prompts) {
            text.append(p).append('\n');
        }
        int[] base = model.tokenizer().encode(text.length() > 0 ? text.toString() : "Tom has 32 stamps, sells 17. How many?\n");
        if (base.length == 0) {
            throw new UserFacingException("the tokenizer returned no tokens for the benchmark text");
        }
        int[] out = new int[length];
        for (int i = 0; i < length; i++) {
            out[i] = base[i % base.length];
        }
        return out;
    }
}
