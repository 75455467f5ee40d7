package io.relayscope.app;

import io.relayscope.trace.Alternative;
import io.relayscope.trace.CallRecord;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.Limits;
import io.relayscope.trace.ModelCost;
import io.relayscope.trace.ModelRef;
import io.relayscope.trace.PolicySpec;
import io.relayscope.trace.SamplingSpec;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceHeader;
import io.relayscope.trace.TraceSummary;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hand-made traces: a prompt, then SLM text with a call of {@code callLength} LLM tokens every {@code every} tokens. */
final class SyntheticTraces {
    private SyntheticTraces() {
    }

    static Trace build(int responseTokens, int every, int callLength) {
        String prompt = "Q: Mia has 57 cards, buys 3 boxes of 4. How many?\nA: ";
        TraceHeader header = new TraceHeader(Trace.FORMAT_VERSION, "test", "2026-01-01T00:00:00Z", prompt, prompt,
                List.of(new ModelRef("slm", "tiny-slm", "slm", "aa", 100_000), new ModelRef("llm", "tiny-llm", "llm", "bb", 800_000)),
                "cc", new PolicySpec("confidence", Map.of("threshold", 0.5)), SamplingSpec.GREEDY, SamplingSpec.GREEDY, 7,
                new Limits(responseTokens + 10, 10_000));
        List<TokenRecord> tokens = new ArrayList<>();
        List<CallRecord> calls = new ArrayList<>();
        for (char c : prompt.toCharArray()) {
            tokens.add(TokenRecord.prompt(tokens.size(), c, String.valueOf(c), String.valueOf(c).getBytes(StandardCharsets.UTF_8)));
        }
        String text = "3*4=12. 57+12=69. 69-18=51. 51+9=60. Answer: 60\n";
        int slm = 0;
        int llm = 0;
        int cmd = 0;
        int written = 0;
        int sinceCall = 0;
        while (written < responseTokens) {
            if (sinceCall >= every && written + 3 + callLength <= responseTokens) {
                for (String t : new String[]{"<call>", String.valueOf(callLength), "</call>"}) {
                    tokens.add(token(tokens.size(), t, Source.COMMAND, 0.4));
                    cmd++;
                    written++;
                }
                int position = tokens.size();
                for (int i = 0; i < callLength; i++) {
                    tokens.add(token(tokens.size(), String.valueOf(text.charAt((written) % text.length())), Source.LLM, 0.9));
                    llm++;
                    written++;
                }
                calls.add(new CallRecord(calls.size() + 1, position, callLength, callLength, position, callLength, 1500, "command"));
                sinceCall = 0;
                continue;
            }
            char ch = text.charAt(written % text.length());
            tokens.add(token(tokens.size(), String.valueOf(ch), Source.SLM, 0.15 + 0.8 * ((written * 7919) % 100) / 100.0));
            slm++;
            written++;
            sinceCall++;
        }
        StringBuilder response = new StringBuilder();
        tokens.stream().filter(t -> t.source() != Source.PROMPT).forEach(t -> response.append(t.text()));
        TraceSummary summary = new TraceSummary(prompt.length(), slm, llm, cmd, calls.size(),
                TraceSummary.llmTokenRatio(slm, llm, cmd), FinishReason.MAX_TOKENS, null, 123_456,
                ModelCost.NONE, ModelCost.NONE, 0.5, response.toString());
        return new Trace(header, tokens, calls, summary);
    }

    private static TokenRecord token(int index, String text, Source source, double p) {
        int id = text.length() == 1 ? text.charAt(0) : 257;
        return new TokenRecord(index, id, text, text.getBytes(StandardCharsets.UTF_8), source, Math.log(p),
                1.0 - p, List.of(new Alternative(id, text, p), new Alternative(32, " ", (1 - p) / 2)), 250);
    }
}
