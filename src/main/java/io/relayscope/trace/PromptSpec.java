package io.relayscope.trace;

/**
 * How the prompt text was made from the user's prompt: {@code format} "chat-template" (the model's Jinja chat
 * template, {@code template} names its file), "plain" (a demo model's relayscope_prompt_template), or "raw" (the
 * prompt as typed); the optional system prompt; {@code thinking} "on", "off" or "default" (Qwen3's enable_thinking
 * left unset). Traces written before this field read as {@link #UNRECORDED}.
 */
public record PromptSpec(String format, String template, String system, String thinking) {

    public static final PromptSpec UNRECORDED = new PromptSpec("", "", "", "default");

    public PromptSpec {
        format = format == null ? "" : format;
        template = template == null ? "" : template;
        system = system == null ? "" : system;
        thinking = thinking == null || thinking.isEmpty() ? "default" : thinking;
    }

    public boolean recorded() {
        return !format.isEmpty();
    }
}
