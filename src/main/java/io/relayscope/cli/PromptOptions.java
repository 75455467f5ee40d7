package io.relayscope.cli;

import io.relayscope.engine.PromptStyle;
import picocli.CommandLine.Option;

/** {@code --raw}, {@code --system}, {@code --thinking/--no-thinking}: how the prompt is templated. */
public final class PromptOptions {
    @Option(names = {"--raw", "--no-chat-template"},
            description = "feed the prompt exactly as typed: no chat template (and no demo prompt template)")
    boolean raw;

    @Option(names = "--system", paramLabel = "TEXT", description = "system prompt, passed to the chat template as a system message")
    String system;

    @Option(names = "--thinking", negatable = true, fallbackValue = "true",
            description = "Qwen3's enable_thinking: --thinking passes true, --no-thinking false (an empty <think></think>); "
                    + "default: not passed, the template decides")
    Boolean thinking;

    PromptStyle style(picocli.CommandLine cl) {
        if (raw && system != null) {
            throw new picocli.CommandLine.ParameterException(cl, "--system needs the chat template; drop --raw (or put the "
                    + "system text into the prompt yourself)");
        }
        PromptStyle.Thinking t = thinking == null ? PromptStyle.Thinking.DEFAULT
                : thinking ? PromptStyle.Thinking.ON : PromptStyle.Thinking.OFF;
        return new PromptStyle(!raw, system == null ? "" : system, t);
    }
}
