package io.relayscope.cli;

import io.relayscope.engine.CausalLm;
import io.relayscope.engine.GenerationDefaults;
import io.relayscope.engine.ModelPair;
import io.relayscope.engine.PromptStyle;
import io.relayscope.engine.RelayRequest;
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

    /** What eval, paper-table and bench print (on stderr) before they start: each model's sampling, defaults marked. */
    static String samplingLine(ModelPair pair, SamplingSpec slm, SamplingSpec llm) {
        return "relayscope: slm " + pair.slm().name() + ": " + sampling(pair.slm(), slm)
                + " | llm " + pair.llm().name() + ": " + sampling(pair.llm(), llm);
    }

    static String promptFormat(CausalLm slm, PromptStyle style) {
        String format;
        if (!style.useTemplate()) {
            format = "raw (no template)";
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
            return text + (defaults.fromFile() ? " (model default)" : " (default; no generation_config.json)");
        }
        return text + " (flags; model default " + GenerationDefaults.describe(defaults.sampling()) + ")";
    }
}
