package io.relayscope.trace.palette;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one place RelayScope's colours are written down: the light and the dark theme, each a value per
 * {@link ColourRole}. Sources follow the colour-blind-safe Okabe-Ito palette, darkened or lightened where WCAG AA
 * needs it; {@link #CONTRAST_RULES} lists the pairs that must meet AA and a test checks them for both themes.
 */
public enum ThemeColours {
    LIGHT(Map.ofEntries(
            Map.entry(ColourRole.BACKGROUND, "#fafafa"), Map.entry(ColourRole.PANEL, "#f0f1f3"),
            Map.entry(ColourRole.TEXT, "#1d1f23"), Map.entry(ColourRole.MUTED, "#5f646c"),
            Map.entry(ColourRole.BORDER, "#b5bac1"), Map.entry(ColourRole.SLM, "#0072B2"),
            Map.entry(ColourRole.LLM, "#B34A00"), Map.entry(ColourRole.COMMAND_BG, "#CC79A7"),
            Map.entry(ColourRole.COMMAND_TEXT, "#1d1f23"), Map.entry(ColourRole.PROMPT, "#676c74"),
            Map.entry(ColourRole.FOCUS, "#008060"), Map.entry(ColourRole.LANE, "#ffffff"),
            Map.entry(ColourRole.GRID, "#e4e6ea"), Map.entry(ColourRole.HEAT_0, "#f2a7a7"),
            Map.entry(ColourRole.HEAT_1, "#f7c6b6"), Map.entry(ColourRole.HEAT_2, "#fae0cc"),
            Map.entry(ColourRole.HEAT_3, "#fcf0e4"), Map.entry(ColourRole.SPARK, "#B34A00"),
            Map.entry(ColourRole.CRITICAL, "#B0003A"),
            Map.entry(ColourRole.FX_BASE, "#eceef1"), Map.entry(ColourRole.FX_BACKGROUND, "#fafafa"),
            Map.entry(ColourRole.FX_INNER_BACKGROUND, "#ffffff"), Map.entry(ColourRole.FX_ACCENT, "#0072B2"),
            Map.entry(ColourRole.FX_FOCUS, "#0072B2"))),
    DARK(Map.ofEntries(
            Map.entry(ColourRole.BACKGROUND, "#1e2024"), Map.entry(ColourRole.PANEL, "#26292e"),
            Map.entry(ColourRole.TEXT, "#e6e8eb"), Map.entry(ColourRole.MUTED, "#9aa0a8"),
            Map.entry(ColourRole.BORDER, "#5a606a"), Map.entry(ColourRole.SLM, "#56B4E9"),
            Map.entry(ColourRole.LLM, "#F0883E"), Map.entry(ColourRole.COMMAND_BG, "#CC79A7"),
            Map.entry(ColourRole.COMMAND_TEXT, "#1e2024"), Map.entry(ColourRole.PROMPT, "#8a9099"),
            Map.entry(ColourRole.FOCUS, "#2bb58c"), Map.entry(ColourRole.LANE, "#17191c"),
            Map.entry(ColourRole.GRID, "#2e3238"), Map.entry(ColourRole.HEAT_0, "#7a2e2e"),
            Map.entry(ColourRole.HEAT_1, "#66392b"), Map.entry(ColourRole.HEAT_2, "#4f3a2c"),
            Map.entry(ColourRole.HEAT_3, "#3a322b"), Map.entry(ColourRole.SPARK, "#F0883E"),
            Map.entry(ColourRole.CRITICAL, "#FF5C8A"),
            Map.entry(ColourRole.FX_BASE, "#2b2e33"), Map.entry(ColourRole.FX_BACKGROUND, "#1e2024"),
            Map.entry(ColourRole.FX_INNER_BACKGROUND, "#17191c"), Map.entry(ColourRole.FX_ACCENT, "#56B4E9"),
            Map.entry(ColourRole.FX_FOCUS, "#56B4E9")));

    /** WCAG 2.1 AA: 4.5:1 for text, 3:1 for large text and for the parts of the interface one must see. */
    public static final double TEXT = 4.5;
    public static final double UI = 3.0;

    /** A foreground on a background that must reach a contrast ratio, and why. */
    public record ContrastRule(ColourRole foreground, ColourRole background, double minimum, String what) {
    }

    public static final List<ContrastRule> CONTRAST_RULES = List.of(
            new ContrastRule(ColourRole.TEXT, ColourRole.BACKGROUND, TEXT, "text on the window"),
            new ContrastRule(ColourRole.TEXT, ColourRole.PANEL, TEXT, "text on panels"),
            new ContrastRule(ColourRole.MUTED, ColourRole.BACKGROUND, TEXT, "secondary text on the window"),
            new ContrastRule(ColourRole.MUTED, ColourRole.PANEL, TEXT, "secondary text and footnotes on panels"),
            new ContrastRule(ColourRole.SLM, ColourRole.LANE, TEXT, "SLM tokens"),
            new ContrastRule(ColourRole.LLM, ColourRole.LANE, TEXT, "LLM tokens"),
            new ContrastRule(ColourRole.PROMPT, ColourRole.LANE, TEXT, "prompt tokens"),
            new ContrastRule(ColourRole.SLM, ColourRole.PANEL, TEXT, "SLM counters"),
            new ContrastRule(ColourRole.LLM, ColourRole.PANEL, TEXT, "LLM counters and the headline ratio"),
            new ContrastRule(ColourRole.PROMPT, ColourRole.PANEL, TEXT, "prompt text on panels"),
            new ContrastRule(ColourRole.COMMAND_TEXT, ColourRole.COMMAND_BG, TEXT, "text on the <call> chip"),
            new ContrastRule(ColourRole.TEXT, ColourRole.HEAT_0, TEXT, "heat-map text, p < 0.2"),
            new ContrastRule(ColourRole.TEXT, ColourRole.HEAT_1, TEXT, "heat-map text, 0.2-0.4"),
            new ContrastRule(ColourRole.TEXT, ColourRole.HEAT_2, TEXT, "heat-map text, 0.4-0.6"),
            new ContrastRule(ColourRole.TEXT, ColourRole.HEAT_3, TEXT, "heat-map text, 0.6-0.8"),
            new ContrastRule(ColourRole.COMMAND_BG, ColourRole.LANE, UI, "the <call> chip against the tokens' lane"),
            new ContrastRule(ColourRole.SLM, ColourRole.LANE, UI, "SLM segments of the timeline"),
            new ContrastRule(ColourRole.LLM, ColourRole.LANE, UI, "LLM segments of the timeline"),
            new ContrastRule(ColourRole.FOCUS, ColourRole.LANE, UI, "the focused token's frame"),
            new ContrastRule(ColourRole.BORDER, ColourRole.PANEL, 1.5, "panel borders (decorative; never the only cue)"));

    private final Map<ColourRole, String> colours;

    ThemeColours(Map<ColourRole, String> colours) {
        EnumMap<ColourRole, String> all = new EnumMap<>(ColourRole.class);
        all.putAll(colours);
        if (all.size() != ColourRole.values().length) {
            throw new IllegalStateException(name() + " theme lacks a colour for some roles");
        }
        this.colours = all;
    }

    public static ThemeColours of(boolean dark) {
        return dark ? DARK : LIGHT;
    }

    /** The colour as #rrggbb. */
    public String hex(ColourRole role) {
        return colours.get(role);
    }

    /** Every role as a CSS variable declaration, for the root node's style. */
    public String cssVariables() {
        return colours.entrySet().stream().map(e -> e.getKey().cssVariable() + ": " + e.getValue() + ";")
                .collect(Collectors.joining(" "));
    }

    /** WCAG 2.1 contrast ratio of two #rrggbb colours, 1 to 21. */
    public static double contrast(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    public double contrast(ColourRole foreground, ColourRole background) {
        return contrast(hex(foreground), hex(background));
    }

    /** WCAG relative luminance of #rrggbb. */
    static double luminance(String hex) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        return 0.2126 * channel(rgb >> 16) + 0.7152 * channel(rgb >> 8) + 0.0722 * channel(rgb);
    }

    private static double channel(int value) {
        double c = (value & 0xff) / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
