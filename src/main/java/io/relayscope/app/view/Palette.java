package io.relayscope.app.view;

import io.relayscope.trace.Source;
import io.relayscope.trace.palette.ColourRole;
import io.relayscope.trace.palette.ThemeColours;
import javafx.scene.paint.Color;

/** Canvas colours of a theme, read from {@link ThemeColours} (the same values the style sheets use). */
public record Palette(Color background, Color grid, Color text, Color muted, Color prompt, Color slm, Color llm,
                      Color command, Color focus) {

    public static final Palette LIGHT = from(ThemeColours.LIGHT);
    public static final Palette DARK = from(ThemeColours.DARK);

    static Palette from(ThemeColours c) {
        return new Palette(color(c, ColourRole.LANE), color(c, ColourRole.GRID), color(c, ColourRole.TEXT),
                color(c, ColourRole.MUTED), color(c, ColourRole.PROMPT), color(c, ColourRole.SLM), color(c, ColourRole.LLM),
                color(c, ColourRole.COMMAND_BG), color(c, ColourRole.FOCUS));
    }

    private static Color color(ThemeColours c, ColourRole role) {
        return Color.web(c.hex(role));
    }

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
