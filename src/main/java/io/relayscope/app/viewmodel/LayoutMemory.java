package io.relayscope.app.viewmodel;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;

import java.util.prefs.Preferences;

/**
 * The window's size (and whether it is maximised) and the split between the token view and the timeline,
 * remembered across sessions in the preferences; values from another screen are kept within sane bounds.
 */
public final class LayoutMemory {
    public static final double DEFAULT_WIDTH = 1280;
    public static final double DEFAULT_HEIGHT = 800;
    public static final double DEFAULT_TOKEN_SPLIT = 0.7;
    static final String WIDTH_KEY = "window.width";
    static final String HEIGHT_KEY = "window.height";
    static final String MAXIMIZED_KEY = "window.maximized";
    static final String SPLIT_KEY = "split.tokensTimeline";

    private final DoubleProperty width = new SimpleDoubleProperty();
    private final DoubleProperty height = new SimpleDoubleProperty();
    private final BooleanProperty maximized = new SimpleBooleanProperty();
    private final DoubleProperty tokenSplit = new SimpleDoubleProperty();

    public LayoutMemory(Preferences prefs) {
        width.set(clamp(prefs.getDouble(WIDTH_KEY, DEFAULT_WIDTH), 900, 10_000));
        height.set(clamp(prefs.getDouble(HEIGHT_KEY, DEFAULT_HEIGHT), 600, 10_000));
        maximized.set(prefs.getBoolean(MAXIMIZED_KEY, false));
        tokenSplit.set(clamp(prefs.getDouble(SPLIT_KEY, DEFAULT_TOKEN_SPLIT), 0.15, 0.9));
        width.addListener((o, was, w) -> prefs.putDouble(WIDTH_KEY, w.doubleValue()));
        height.addListener((o, was, h) -> prefs.putDouble(HEIGHT_KEY, h.doubleValue()));
        maximized.addListener((o, was, m) -> prefs.putBoolean(MAXIMIZED_KEY, m));
        tokenSplit.addListener((o, was, s) -> prefs.putDouble(SPLIT_KEY, s.doubleValue()));
    }

    private static double clamp(double v, double min, double max) {
        return Double.isFinite(v) ? Math.max(min, Math.min(max, v)) : min;
    }

    /** The window's width when not maximised. */
    public DoubleProperty widthProperty() {
        return width;
    }

    public DoubleProperty heightProperty() {
        return height;
    }

    public BooleanProperty maximizedProperty() {
        return maximized;
    }

    /** The divider between the token view (above) and the timeline, 0..1. */
    public DoubleProperty tokenSplitProperty() {
        return tokenSplit;
    }
}
