package io.relayscope.engine;

/**
 * How the user's prompt becomes the model's prompt text: through the model's template ({@code useTemplate}: its chat
 * template, else a demo model's plain {@code relayscope_prompt_template}) or raw (as typed), with an optional system
 * prompt ("" for none) and Qwen3's thinking switch.
 */
public record PromptStyle(boolean useTemplate, String system, Thinking thinking) {

    /** Qwen3's enable_thinking: not passed (the template's default), true, or false. */
    public enum Thinking {
        DEFAULT, ON, OFF;

        public String traceName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The model's template, no system prompt, thinking as the template defaults it. */
    public static final PromptStyle TEMPLATE = new PromptStyle(true, "", Thinking.DEFAULT);
    /** The prompt exactly as typed. */
    public static final PromptStyle RAW = new PromptStyle(false, "", Thinking.DEFAULT);

    public PromptStyle {
        system = system == null ? "" : system;
        thinking = thinking == null ? Thinking.DEFAULT : thinking;
    }

    public PromptStyle withSystem(String text) {
        return new PromptStyle(useTemplate, text, thinking);
    }

    public PromptStyle withThinking(Thinking value) {
        return new PromptStyle(useTemplate, system, value);
    }
}
