package io.relayscope.trace;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Consistent traces for tests: a small hand-made relay run and large generated ones. */
public final class TraceSamples {

    private TraceSamples() {
    }

    public static TraceHeader header() {
        return new TraceHeader(Trace.FORMAT_VERSION, "0.1.0", "2026-01-05T10:15:30Z", "What is 12*13?",
                "<|im_start|>user\nWhat is 12*13?<|im_end|>\n<|im_start|>assistant\n",
                List.of(new ModelRef("slm", "qwen3-0.6b-relay", "/models/slm", "ab".repeat(32), 596_049_920L),
                        new ModelRef("llm", "qwen3-8b", "/models/llm", "cd".repeat(32), 8_190_735_360L)),
                "ef".repeat(32), new PolicySpec("model-command", Map.of("maxTurns", 5.0)),
                new SamplingSpec(0.7, 0, 1.0), new SamplingSpec(0.7, 50, 0.95), 42L, Limits.REFERENCE);
    }

    /** Prompt (3 tokens, NaN logprobs), SLM text, a 3-token command, 2 LLM tokens, a split UTF-8 character. */
    public static Trace small() {
        List<TokenRecord> t = new ArrayList<>();
        t.add(TokenRecord.prompt(0, 3838, "What", bytes("What")));
        t.add(TokenRecord.prompt(1, 374, " is", bytes(" is")));
        t.add(TokenRecord.prompt(2, 220, " 12*13?", bytes(" 12*13?")));
        t.add(slm(3, 1654, "We", -0.01));
        t.add(slm(4, 12564, " compute", -0.35));
        t.add(new TokenRecord(5, 27, "<call>", bytes("<call>"), Source.COMMAND, -1.2, 2.1, List.of(), 900));
        t.add(new TokenRecord(6, 17, "2", bytes("2"), Source.COMMAND, -0.4, 1.0, List.of(), 800));
        t.add(new TokenRecord(7, 28, "</call>", bytes("</call>"), Source.COMMAND, -0.001, 0.01, List.of(), 800));
        t.add(new TokenRecord(8, 220, " 156", bytes(" 156"), Source.LLM, -0.002, 0.02,
                List.of(new Alternative(220, " 156", 0.998), new Alternative(11, " 144", 0.001)), 15_000));
        t.add(new TokenRecord(9, 13, ".", bytes("."), Source.LLM, -0.1, 0.4, List.of(), 14_000)
                .withShadow(new ShadowScore(-1.5, 11, -0.1, 13)));
        // an emoji split over two tokens: the text of each half is a replacement character, the bytes are exact
        t.add(new TokenRecord(10, 9468, "\uFFFD", new byte[] {(byte) 0xF0, (byte) 0x9F}, Source.SLM, -2.5, 3.0,
                List.of(), 1200));
        t.add(new TokenRecord(11, 234, "\uFFFD", new byte[] {(byte) 0x98, (byte) 0x80}, Source.SLM, -0.01, 0.1,
                List.of(), 1100));
        List<CallRecord> calls = List.of(new CallRecord(1, 8, 2, 2, 8, 2, 29_500, "command"));
        return withSummary(header(), t, calls, FinishReason.SLM_EOS);
    }

    /** A trace of {@code n} tokens (50 prompt), every tenth from the LLM, five alternatives each. */
    public static Trace large(int n, long seed) {
        Random r = new Random(seed);
        List<TokenRecord> t = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String text = " w" + i;
            if (i < 50) {
                t.add(TokenRecord.prompt(i, r.nextInt(151_000), text, bytes(text)));
                continue;
            }
            List<Alternative> alts = new ArrayList<>(5);
            for (int k = 0; k < 5; k++) {
                alts.add(new Alternative(r.nextInt(151_000), " a" + k, r.nextDouble()));
            }
            t.add(new TokenRecord(i, r.nextInt(151_000), text, bytes(text), i % 10 == 0 ? Source.LLM : Source.SLM,
                    Math.log(r.nextDouble()), 3 * r.nextDouble(), alts, r.nextInt(20_000)));
        }
        List<CallRecord> calls = new ArrayList<>();
        for (int i = 60; i < n; i += 1000) {
            calls.add(new CallRecord(calls.size() + 1, i, 1, 1, 10, 1, 3000, "confidence 0.41 < 0.45"));
        }
        return withSummary(header(), t, calls, FinishReason.MAX_TOKENS);
    }

    /** A trace with a summary whose counts match its tokens and calls. */
    public static Trace withSummary(TraceHeader header, List<TokenRecord> tokens, List<CallRecord> calls,
                                    FinishReason finish) {
        int[] c = new int[Source.values().length];
        StringBuilder response = new StringBuilder();
        for (TokenRecord tr : tokens) {
            c[tr.source().ordinal()]++;
            if (tr.source() != Source.PROMPT) {
                response.append(tr.text());
            }
        }
        int slm = c[Source.SLM.ordinal()];
        int llm = c[Source.LLM.ordinal()];
        int cmd = c[Source.COMMAND.ordinal()];
        TraceSummary s = new TraceSummary(c[Source.PROMPT.ordinal()], slm, llm, cmd, calls.size(),
                TraceSummary.llmTokenRatio(slm, llm, cmd), finish, null, 123_456,
                new ModelCost(slm + cmd, 40, 12, 80_000, 596_049_920L, 4.7e10),
                new ModelCost(llm, 14, 1, 29_000, 8_190_735_360L, 2.3e11), 0.83, response.toString());
        return new Trace(header, tokens, calls, s);
    }

    private static TokenRecord slm(int index, int id, String text, double logprob) {
        return new TokenRecord(index, id, text, bytes(text), Source.SLM, logprob, 0.5,
                List.of(new Alternative(id, text, Math.exp(logprob)), new Alternative(id + 1, text + "x", 0.01)), 1000);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
