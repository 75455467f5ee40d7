package io.relayscope.engine.chat;

/** A chat template that cannot be parsed or rendered (Jinja2's TemplateError), with a one-line message. */
public final class TemplateError extends RuntimeException {
    public TemplateError(String message) {
        super(message, null, false, false);
    }
}
