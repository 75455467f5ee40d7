package io.relayscope.app.view;

import io.relayscope.trace.Source;
import javafx.scene.paint.Color;

/** Canvas colours of a theme, mirroring the variables of light.css and dark.css. */
public record Palette(Color background, Color grid, Color text, Color muted, Color prompt, Color slm, Color llm,
                      Color command, Color focus) {

    public static final Palette LIGHT = new Palette(Color.web("#ffffff"), Color.web("#e4e6ea"), Color.web("#1d1f23"),
            Color.web("#6b7078"), Color.web("#b8bcc3"), Color.web("#0072B2"), Color.web("#D55E00"),
            Color.web("#CC79A7"), Color.web("#009E73"));
    public static final Palette DARK = new Palette(Color.web("#17191c"), Color.web("#2e3238"), Color.web("#e6e8eb"),
            Color.web("#9aa0a8"), Color.web("#5a6068"), Color.web("#56B4E9"), Color.web("#F0883E"),
            Color.web("#CC79A7"), Color.web("#009E73"));

    public static Palette of(boolean dark) {
        return dark ? DARK : LIGHT;
    }

    public Color of(Source source) {
        return switch (source) {
            case PROMPT -> prompt;
            case SLM -> slm;
            case LLM -> llm;
            case COMMAND -> command;
        };
    }
}
