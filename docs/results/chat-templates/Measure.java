import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.*;
import java.util.*;

/** Renders every golden case with one candidate engine, prints matches and timings. */
public class Measure {
    public static void main(String[] a) throws Exception {
        String engine = a[0];
        JsonNode golden = new ObjectMapper().readTree(Path.of(a[1]).toFile());
        Path features = Path.of(a[2]);
        Path nodeModules = Path.of(a[3]);
        ObjectMapper om = new ObjectMapper();
        long t0 = System.nanoTime();
        Renderer r = engine.equals("graaljs") ? new Graal() : engine.equals("own") ? new Own() : new Jinjava();
        long initNs = System.nanoTime() - t0;
        int ok = 0, bad = 0;
        long first = -1;
        List<String> wrong = new ArrayList<>();
        Map<String, String> templates = new HashMap<>();
        for (JsonNode c : golden.get("cases")) {
            String src;
            if (c.get("template").isNull()) {
                src = om.readTree(nodeModules.resolve(c.get("package").asText()).resolve("models/tokenizer_config.json").toFile()).get("chat_template").asText();
            } else {
                src = Files.readString(features.resolve(c.get("template").asText()));
            }
            Map<String, Object> ctx = new LinkedHashMap<>();
            c.get("specialTokens").fields().forEachRemaining(e -> ctx.put(e.getKey(), om.convertValue(e.getValue(), Object.class)));
            ctx.put("messages", om.convertValue(c.get("messages"), Object.class));
            ctx.put("tools", c.has("tools") ? om.convertValue(c.get("tools"), Object.class) : null);
            ctx.put("add_generation_prompt", c.get("addGenerationPrompt").asBoolean());
            c.get("extra").fields().forEachRemaining(e -> ctx.put(e.getKey(), om.convertValue(e.getValue(), Object.class)));
            String expected = c.has("expected") ? c.get("expected").asText() : null;
            long s = System.nanoTime();
            String got;
            try {
                got = r.render(src, om.writeValueAsString(ctx), ctx);
            } catch (Exception e) {
                got = "ERROR " + e.getMessage();
            }
            long el = System.nanoTime() - s;
            if (first < 0) first = el;
            boolean match = expected != null ? expected.equals(got) : got.startsWith("ERROR") && got.contains(c.get("error").asText());
            if (match) ok++; else { bad++; wrong.add(c.get("id").asText()); }
        }
        // warm: render the Qwen3 multi-system case 200 times
        JsonNode c = golden.get("cases").get(3);
        String src = om.readTree(nodeModules.resolve(c.get("package").asText()).resolve("models/tokenizer_config.json").toFile()).get("chat_template").asText();
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("messages", om.convertValue(c.get("messages"), Object.class));
        ctx.put("add_generation_prompt", true);
        ctx.put("eos_token", "<|im_end|>");
        String json = om.writeValueAsString(ctx);
        for (int i = 0; i < 50; i++) try { r.render(src, json, ctx); } catch (Exception e) { }
        long s = System.nanoTime();
        for (int i = 0; i < 200; i++) try { r.render(src, json, ctx); } catch (Exception e) { }
        double warm = (System.nanoTime() - s) / 200.0 / 1e6;
        System.out.printf("%s: %d/%d byte-identical; init %.0f ms, first render %.0f ms, warm %.3f ms; wrong: %s%n",
                engine, ok, ok + bad, initNs / 1e6, first / 1e6, warm, wrong);
    }

    interface Renderer { String render(String src, String json, Map<String, Object> ctx) throws Exception; }

    static final class Graal implements Renderer {
        final org.graalvm.polyglot.Context cx;
        final org.graalvm.polyglot.Value fn;
        Graal() throws Exception {
            cx = org.graalvm.polyglot.Context.newBuilder("js").option("engine.WarnInterpreterOnly", "false").build();
            String lib = Files.readString(Path.of("js/node_modules/@huggingface/jinja/dist/index.cjs"));
            cx.eval("js", "var module={exports:{}}; var exports=module.exports;\n" + lib + "\nvar Jinja = module.exports;");
            fn = cx.eval("js", "(function(src, json){ return new Jinja.Template(src).render(JSON.parse(json)); })");
        }
        public String render(String src, String json, Map<String, Object> ctx) {
            return fn.execute(src, json).asString();
        }
    }

    static final class Own implements Renderer {
        final Map<String, io.relayscope.engine.chat.JinjaTemplate> cache = new HashMap<>();
        public String render(String src, String json, Map<String, Object> ctx) {
            java.util.function.Supplier<java.time.LocalDateTime> clock = () -> java.time.LocalDateTime.of(2026, 12, 1, 9, 5, 7);
            return cache.computeIfAbsent(src, io.relayscope.engine.chat.JinjaTemplate::parse).render(ctx, clock);
        }
    }

    static final class Jinjava implements Renderer {
        final com.hubspot.jinjava.Jinjava j;
        Jinjava() {
            j = new com.hubspot.jinjava.Jinjava(com.hubspot.jinjava.JinjavaConfig.newBuilder().withTrimBlocks(true).withLstripBlocks(true).build());
        }
        public String render(String src, String json, Map<String, Object> ctx) {
            com.hubspot.jinjava.interpret.RenderResult rr = j.renderForResult(src, ctx);
            if (!rr.getErrors().isEmpty()) throw new RuntimeException(rr.getErrors().get(0).getMessage());
            return rr.getOutput();
        }
    }
}
