package io.relayscope.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Formats benchmark results for the terminal and for docs/results/bench.md. */
public final class BenchResults {
    /** The files {@link #write} writes in the results folder. */
    public static final String MARKDOWN = "bench.md";
    public static final String JSON = "bench.json";

    private BenchResults() {
    }

    /** Human-readable lines: each ratio with its target and whether it is met. */
    public static List<String> lines(Map<String, Object> r) {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "engine step vs bare ONNX Runtime: %.3fx (%.1f vs %.1f µs, %s; SLM %.3fx)  target <= 1.05 %s",
                d(r, "engineOverheadRatio"), d(r, "engineStepMicros"), d(r, "bareStepMicros"), r.get("llm"),
                d(r, "engineOverheadRatioSlm"), mark(d(r, "engineOverheadRatio") <= 1.05)));
        out.add(String.format(Locale.ROOT, "tokens/s at 1024 vs 16: %.3f (%.0f vs %.0f tokens/s; bare ONNX Runtime %.3f)  target >= 0.85 %s",
                d(r, "kvFlatness"), d(r, "tokensPerSecondAt1024"), d(r, "tokensPerSecondAt16"), d(r, "bareKvFlatness"),
                mark(d(r, "kvFlatness") >= 0.85)));
        out.add(String.format(Locale.ROOT, "relay run vs its forwards standalone: %.3fx (%.1f vs %.1f ms, %.0f prompts, %.0f calls)  target <= 1.05 %s",
                d(r, "relayOverheadRatio"), d(r, "relayWallMs"), d(r, "standaloneMs"), d(r, "relayPrompts"), d(r, "relayCalls"),
                mark(d(r, "relayOverheadRatio") <= 1.05)));
        out.add(String.format(Locale.ROOT, "hand-over prefill vs re-sending the context: %.3f of the tokens (%.0f vs %.0f; LLM side %.3f), %.3f of the time (%.2f vs %.2f ms)",
                d(r, "handoverPrefillRatio"), d(r, "oursTokens"), d(r, "referenceTokens"), d(r, "handoverPrefillRatioLlm"),
                d(r, "handoverTimeRatio"), d(r, "oursMs"), d(r, "referenceMs")));
        out.add(String.format(Locale.ROOT, "text-bridge hand-over vs shared-vocabulary hand-over: %.3fx (%.2f vs %.2f ms over %.0f hand-overs)",
                d(r, "bridgeHandoverRatio"), d(r, "bridgedHandoverMs"), d(r, "oursMs"), d(r, "handovers")));
        out.add(String.format(Locale.ROOT, "remote LLM call (serve on loopback) vs the same call in process: %.3fx (%.0f vs %.0f µs per call, %.0f calls)",
                d(r, "remoteOverheadRatio"), d(r, "remoteCallMicros"), d(r, "localCallMicros"), d(r, "remoteCalls")));
        out.add(String.format(Locale.ROOT, "serve prefix reuse: prefilled %.0f of %.0f unseen tokens = %.3f  target 1.0 %s",
                d(r, "servePrefilledTokens"), d(r, "llmUnseenTokens"), d(r, "servePrefixReuse"),
                mark(Math.abs(d(r, "servePrefixReuse") - 1) < 1e-9)));
        return out;
    }

    /** Writes bench.md and bench.json into the folder; returns the markdown path. */
    public static Path write(Path dir, Map<String, Object> r, MachineInfo machine) throws IOException {
        StringBuilder md = new StringBuilder("# Benchmark: engine speed (issue 6, point 3)\n\n");
        md.append("Measured ").append(machine.line()).append(", models ").append(r.get("slm")).append(" (SLM) and ")
                .append(r.get("llm")).append(" (LLM), with `java -jar target/relayscope.jar bench --write-results`.\n\n");
        md.append("| measurement | value | target | met |\n|---|---|---|---|\n");
        row(md, "engine decode step / bare ONNX Runtime Java API step (LLM, same cache state)", d(r, "engineOverheadRatio"), "<= 1.05",
                d(r, "engineOverheadRatio") <= 1.05);
        row(md, "same, SLM", d(r, "engineOverheadRatioSlm"), "<= 1.05", d(r, "engineOverheadRatioSlm") <= 1.05);
        row(md, "tokens/s at position 1024 / at position 16 (LLM)", d(r, "kvFlatness"), ">= 0.85", d(r, "kvFlatness") >= 0.85);
        md.append(String.format(Locale.ROOT, "| %s | %.3f | - | - |%n", "same, bare ONNX Runtime Java API (what the model itself allows)",
                d(r, "bareKvFlatness")));
        row(md, "relay wall time / its SLM and LLM forwards run standalone", d(r, "relayOverheadRatio"), "<= 1.05",
                d(r, "relayOverheadRatio") <= 1.05);
        row(md, "hand-over prefill tokens / re-sending the whole context at every call", d(r, "handoverPrefillRatio"), "< 1",
                d(r, "handoverPrefillRatio") < 1);
        row(md, "hand-over prefill time / re-sending the whole context", d(r, "handoverTimeRatio"), "< 1", d(r, "handoverTimeRatio") < 1);
        md.append(String.format(Locale.ROOT, "| %s | %.3f | - | - |%n",
                "text-bridge hand-over (decode + re-encode + forward) / shared-vocabulary hand-over (forward)",
                d(r, "bridgeHandoverRatio")));
        md.append(String.format(Locale.ROOT, "| %s | %.3f | - | - |%n",
                "remote LLM call (relayscope serve, loopback) / the same call in process", d(r, "remoteOverheadRatio")));
        row(md, "tokens serve prefilled during the relays / tokens the LLM had not seen", d(r, "servePrefixReuse"), "1.0",
                Math.abs(d(r, "servePrefixReuse") - 1) < 1e-9);
        md.append("\nRaw numbers: ");
        List<String> raw = new ArrayList<>();
        for (Map.Entry<String, Object> e : r.entrySet()) {
            if (e.getValue() instanceof Number n) {
                raw.add("`" + e.getKey() + "` " + String.format(Locale.ROOT, "%.4g", n.doubleValue()));
            }
        }
        md.append(String.join(", ", raw)).append(".\n\n");
        md.append("How: step times are medians of single-token forwards after a 64-token prefill, engine and bare API interleaved "
                + "round by round after warm-up; the bare side is a second OrtSession with the same options feeding present.* "
                + "back as past_key_values.*. Flatness compares single-token steps after prefilling 16 and 1024 tokens. "
                + "The relay runs the confidence router (threshold 0.9, 4 tokens per call, greedy) on arith-test-v1 questions; its "
                + "forwards are recorded and replayed on fresh sequences of the same models. The reference re-prefills each "
                + "model's whole context at every hand-over (it re-sends the text to vLLM each turn); we feed only the unseen "
                + "tokens.\n");
        Path file = dir.resolve(MARKDOWN);
        ResultsFiles.writeText(file, md.toString());
        ResultsFiles.writeText(dir.resolve(JSON), Json.line(r) + "\n");
        return file;
    }

    private static void row(StringBuilder md, String what, double v, String target, boolean met) {
        md.append(String.format(Locale.ROOT, "| %s | %.3f | %s | %s |%n", what, v, target, met ? "yes" : "**no**"));
    }

    private static String mark(boolean ok) {
        return ok ? "[met]" : "[MISSED]";
    }

    static double d(Map<String, Object> r, String key) {
        Object v = r.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
