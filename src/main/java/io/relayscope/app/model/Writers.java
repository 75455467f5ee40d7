package io.relayscope.app.model;

import io.relayscope.trace.ModelRef;
import io.relayscope.trace.Source;
import io.relayscope.trace.TraceHeader;

import java.util.List;

/**
 * Who wrote a trace's tokens, as the legend, the counters and the token pop-up name them: "SLM" and "LLM" with
 * their model names for a relay; for a trace of one model (an imported OpenAI or llama.cpp completion), that
 * model's name, never "SLM".
 *
 * @param slm  the name of the writer of {@link Source#SLM} tokens ("SLM", or the single model's name)
 * @param slmModel the model behind it ("" when the trace names none)
 * @param llmModel the large model ("" when none)
 * @param single   true for a one-model trace
 */
public record Writers(String slm, String slmModel, String llmModel, boolean single) {
    public static final Writers RELAY = new Writers("SLM", "", "", false);

    public static Writers of(TraceHeader header) {
        if (header == null) {
            return RELAY;
        }
        List<ModelRef> models = header.models();
        if (models.size() == 1 && models.get(0).name() != null && !models.get(0).name().isBlank()) {
            return new Writers(models.get(0).name(), models.get(0).name(), "", true);
        }
        return new Writers("SLM", name(models, "slm"), name(models, "llm"), false);
    }

    private static String name(List<ModelRef> models, String role) {
        return models.stream().filter(m -> role.equals(m.role()) && m.name() != null).map(ModelRef::name).findFirst().orElse("");
    }

    /** The legend's and counters' short name of a source: "SLM", "gpt-4o-mini", "LLM", "Prompt", "Command". */
    public String shortName(Source s) {
        return switch (s) {
            case PROMPT -> "Prompt";
            case SLM -> slm;
            case LLM -> "LLM";
            case COMMAND -> "Command";
        };
    }

    /** The pop-up's line: the writer with its model ("SLM (tiny-slm-relay)", "gpt-4o-mini (imported, one model)"). */
    public String describe(Source s) {
        return switch (s) {
            case PROMPT -> "the prompt (given)";
            case SLM -> single ? slm + " (imported, one model)" : "SLM" + model(slmModel);
            case LLM -> "LLM" + model(llmModel) + ", inside a call";
            case COMMAND -> "SLM" + model(slmModel) + ": its <call>n</call> command";
        };
    }

    private static String model(String name) {
        return name.isEmpty() ? "" : " (" + name + ")";
    }
}
