package io.relayscope.eval;

import io.relayscope.engine.ModelPair;
import io.relayscope.engine.RelayEngine;
import io.relayscope.engine.RelayRequest;
import io.relayscope.engine.RemoteCausalLm;
import io.relayscope.engine.remote.RemoteApi;
import io.relayscope.engine.remote.RemoteEndpoint;
import io.relayscope.serve.CompletionServer;
import io.relayscope.serve.ServeConfig;
import io.relayscope.trace.CallRecord;
import io.relayscope.trace.Limits;
import io.relayscope.trace.SamplingSpec;
import io.relayscope.trace.Trace;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The remote side of the benchmark: the pair's LLM behind {@code relayscope serve} on loopback against the same LLM
 * in process. {@code remoteOverheadRatio}: the wall time of the relay's calls when the LLM is remote, over the same
 * calls (same tokens: greedy) run locally, i.e. the HTTP + JSON cost per call. {@code servePrefixReuse}: the prompt
 * tokens serve prefilled during the relays over the tokens the LLM had not seen at each call (target 1.0: nothing
 * re-prefilled).
 */
final class RemoteBench {
    private final ModelPair pair;
    private final List<String> prompts;
    private final int rounds;

    RemoteBench(ModelPair pair, List<String> prompts, int rounds) {
        this.pair = pair;
        this.prompts = List.copyOf(prompts);
        this.rounds = rounds;
    }

    Map<String, Double> run() {
        Map<String, Double> out = new LinkedHashMap<>();
        try (CompletionServer server = CompletionServer.start(pair.llm(), ServeConfig.loopback(0, pair.llm().name()))) {
            RemoteCausalLm remote = RemoteCausalLm.connect(RemoteEndpoint.of(server.baseUri() + "/v1",
                    pair.llm().name(), RemoteApi.AUTO, Optional.empty(), false), pair.slm(), "LLM");
            RelayEngine local = new RelayEngine(ModelPair.of(pair.slm(), pair.llm()));
            RelayEngine far = new RelayEngine(ModelPair.of(pair.slm(), remote));
            long localMicros = 0;
            long remoteMicros = 0;
            long calls = 0;
            long unseen = 0;
            long prefilled = 0;
            int warmup = Math.max(1, rounds / 4);
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < prompts.size(); i++) {
                    RelayRequest request = new RelayRequest(prompts.get(i), Bench.RELAY_POLICY, SamplingSpec.GREEDY,
                            SamplingSpec.GREEDY, i, new Limits(160, 64));
                    long before = server.stats().prefilledTokens();
                    boolean remoteFirst = (round + i) % 2 == 0;
                    Trace r = remoteFirst ? far.run(request) : null;
                    Trace l = local.run(request);
                    r = remoteFirst ? r : far.run(request);
                    if (round < warmup) {
                        continue;
                    }
                    localMicros += l.calls().stream().mapToLong(CallRecord::latencyMicros).sum();
                    remoteMicros += r.calls().stream().mapToLong(CallRecord::latencyMicros).sum();
                    calls += r.calls().size();
                    unseen += l.calls().stream().mapToLong(CallRecord::llmCatchUp).sum();
                    prefilled += server.stats().prefilledTokens() - before;
                }
            }
            out.put("remoteOverheadRatio", localMicros == 0 ? Double.NaN : (double) remoteMicros / localMicros);
            out.put("servePrefixReuse", unseen == 0 ? Double.NaN : (double) prefilled / unseen);
            out.put("remoteCallMicros", calls == 0 ? Double.NaN : (double) remoteMicros / calls);
            out.put("localCallMicros", calls == 0 ? Double.NaN : (double) localMicros / calls);
            out.put("remoteCalls", (double) calls);
            out.put("servePrefilledTokens", (double) prefilled);
            out.put("llmUnseenTokens", (double) unseen);
        }
        return out;
    }
}
