package io.relayscope.engine;

import io.relayscope.engine.chat.ChatMessage;
import io.relayscope.engine.chat.ChatTemplate;
import io.relayscope.trace.PromptSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes one model's prompt text from the user's prompt: the model's chat template (system message if given, the
 * user message, add_generation_prompt, enable_thinking when switched), a demo model's plain template, or the raw
 * text. A failing template is a one-line {@link UserFacingException} naming the model folder, never a silently
 * different prompt.
 */
public final class PromptBuilder {
    private PromptBuilder() {
    }

    /** The prompt text and how it was made. */
    public record Prompt(String text, PromptSpec spec) {
    }

    public static Prompt build(CausalLm model, String question, PromptStyle style) {
        if (!style.useTemplate()) {
            return new Prompt(question, new PromptSpec("raw", "", "", "default"));
        }
        Optional<ChatTemplate> chat = model.chatTemplate();
        if (chat.isPresent()) {
            List<ChatMessage> messages = new ArrayList<>();
            if (!style.system().isEmpty()) {
                messages.add(ChatMessage.system(style.system()));
            }
            messages.add(ChatMessage.user(question));
            Map<String, Object> extra = new LinkedHashMap<>();
            if (style.thinking() != PromptStyle.Thinking.DEFAULT) {
                extra.put("enable_thinking", style.thinking() == PromptStyle.Thinking.ON);
            }
            String text = chat.get().render(messages, true, extra);
            return new Prompt(text, new PromptSpec("chat-template", chat.get().origin().getFileName().toString(),
                    style.system(), style.thinking().traceName()));
        }
        String plain = model.promptTemplate();
        String text = style.system().isEmpty() ? plain.replace("{question}", question)
                : style.system() + "\n\n" + plain.replace("{question}", question);
        return new Prompt(text, new PromptSpec("plain", "{question}".equals(plain) ? "" : "generation_config.json",
                style.system(), "default"));
    }
}
