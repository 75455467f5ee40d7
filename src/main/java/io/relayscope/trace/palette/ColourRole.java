package io.relayscope.trace.palette;

/**
 * What a colour is for. Each role is one CSS variable of the app's themes (the app sets them on the scene's root),
 * and the exporters and canvases read the same values, so a colour is written down once: in {@link ThemeColours}.
 */
public enum ColourRole {
    BACKGROUND("-rs-bg"),
    PANEL("-rs-panel"),
    TEXT("-rs-text"),
    MUTED("-rs-muted"),
    BORDER("-rs-border"),
    /** Tokens the small model wrote. */
    SLM("-rs-slm"),
    /** Tokens the large model wrote (also underlined, so colour is not the only cue). */
    LLM("-rs-llm"),
    /** The {@code <call>n</call>} chip's fill. */
    COMMAND_BG("-rs-command-bg"),
    COMMAND_TEXT("-rs-command-text"),
    PROMPT("-rs-prompt"),
    FOCUS("-rs-focus"),
    /** Behind tokens and the timeline. */
    LANE("-rs-lane-bg"),
    GRID("-rs-grid"),
    /** Heat-map shading behind SLM tokens by the SLM's probability of its token: p < 0.2 ... 0.6-0.8; p >= 0.8 has none. */
    HEAT_0("-rs-heat-0"),
    HEAT_1("-rs-heat-1"),
    HEAT_2("-rs-heat-2"),
    HEAT_3("-rs-heat-3"),
    SPARK("-rs-spark"),
    /** Critical tokens (LLM opinion: the models' top choices differ); bold and underlined too. */
    CRITICAL("-rs-critical"),
    FX_BASE("-fx-base"),
    FX_BACKGROUND("-fx-background"),
    FX_INNER_BACKGROUND("-fx-control-inner-background"),
    FX_ACCENT("-fx-accent"),
    FX_FOCUS("-fx-focus-color");

    private final String cssVariable;

    ColourRole(String cssVariable) {
        this.cssVariable = cssVariable;
    }

    public String cssVariable() {
        return cssVariable;
    }

    /** The colour of a writer's tokens, as the app, the HTML page and the CSV's colour column show them. */
    public static ColourRole of(io.relayscope.trace.Source source) {
        return switch (source) {
            case PROMPT -> PROMPT;
            case SLM -> SLM;
            case LLM -> LLM;
            case COMMAND -> COMMAND_BG;
        };
    }
}
