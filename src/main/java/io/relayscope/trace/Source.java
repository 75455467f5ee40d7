package io.relayscope.trace;

/** Who wrote a token: the prompt, the small model, the large model, or a call command tag. */
public enum Source {
    PROMPT, SLM, LLM, COMMAND
}
