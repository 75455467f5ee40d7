package io.relayscope.cli;

import io.relayscope.engine.CausalLm;
import io.relayscope.engine.GenerationDefaults;
import io.relayscope.engine.ModelPair;
import io.relayscope.engine.PromptStyle;
import io.relayscope.engine.RelayRequest;
import io.relayscope.engine.RemoteCausalLm;
import io.relayscope.trace.SamplingSpec;

/** The line {@code run} prints (on stderr) before the answer: each model's prompt format and sampling, defaults marked. */
final class RunHeader {
    private RunHeader() {
    }

    static String line(ModelPair pair, RelayRequest request) {
        String prompt = pair.textBridge() ? "slm prompt " + promptFormat(pair.slm(), request.promptStyle())
                + ", llm prompt " + promptFormat(pair.llm(), request.promptStyle())
                : "prompt " + promptFormat(pair.slm(), request.promptStyle());
        return "relayscope: " + prompt
                + " | slm " + pair.slm().name() + ": " + sampling(pair.slm(), request.slmSampling())
                + " | llm " + pair.llm().name() + ": " + sampling(pair.llm(), request.llmSampling());
    }

    /**
     * For a pair relayed through the text bridge, each model's own prompt as fed (its chat template over the same
     * question, in its own tokens), one line each with newlines and other control characters escaped; none otherwise
     * (both models read the one prompt the trace holds as promptText).
     */
    static java.util.List<String> bridgedPrompts(ModelPair pair, RelayRequest request) {
        if (!pair.textBridge()) {
            return java.util.List.of();
        }
        return java.util.List.of(promptLine("slm", pair.slm(), request), promptLine("llm", pair.llm(), request));
    }

    private static String promptLine(String role, CausalLm model, RelayRequest request) {
        String text = io.relayscope.engine.PromptBuilder.build(model, request.prompt(), request.promptStyle()).text();
        return "relayscope: " + role + " " + model.name() + " reads (" + model.tokenizer().encode(text).length
                + " tokens of its own): " + escaped(text);
    }

    /** The text as a JSON string: in double quotes, newlines and other control characters escaped (Jackson). */
    static String escaped(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What eval, paper-table and bench print (on stderr) before they start: each model's sampling, defaults marked. */
    static String samplingLine(ModelPair pair, SamplingSpec slm, SamplingSpec llm) {
        return "relayscope: slm " + pair.slm().name() + ": " + sampling(pair.slm(), slm)
                + " | llm " + pair.llm().name() + ": " + sampling(pair.llm(), llm);
    }

    static String promptFormat(CausalLm slm, PromptStyle style) {
        String format;
        if (!style.useTemplate()) {
            format = "raw (no template)";
        } else if (slm instanceof RemoteCausalLm r && r.serverTemplateSource().isPresent()) {
            format = "chat template (from the server's " + r.serverTemplateSource().get() + ")";
        } else if (slm.chatTemplate().isPresent()) {
            format = "chat template (" + slm.chatTemplate().get().origin().getFileName() + ")";
        } else if (!"{question}".equals(slm.promptTemplate())) {
            format = "plain template";
        } else {
            format = "as typed (the model has no template)";
        }
        if (!style.system().isEmpty()) {
            format += ", system prompt";
        }
        if (style.thinking() != PromptStyle.Thinking.DEFAULT) {
            format += ", thinking " + style.thinking().traceName();
        }
        return format;
    }

    static String sampling(CausalLm model, SamplingSpec used) {
        GenerationDefaults defaults = model.generationDefaults();
        String text = GenerationDefaults.describe(used);
        if (used.equals(defaults.sampling())) {
            if (model instanceof RemoteCausalLm r && r.serverDefaults()) {
                return text + " (server default, /props)";
            }
            return text + (defaults.fromFile() ? " (model default)" : " (default; no generation_config.json)");
        }
        return text + " (flags; model default " + GenerationDefaults.describe(defaults.sampling()) + ")";
    }
}
