package io.relayscope.app.viewmodel;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.SimpleBooleanProperty;

import java.util.prefs.Preferences;

/**
 * How large things are drawn, for a projector: the zoom of the whole window (50% to 300%, in steps, remembered)
 * and presenter mode (tokens, timeline and counters only, with large tokens; remembered too).
 */
public final class DisplayViewModel {
    public static final double MIN_ZOOM = 0.5;
    public static final double MAX_ZOOM = 3.0;
    /** The zoom levels Ctrl + and Ctrl - step through. */
    static final double[] STEPS = {0.5, 0.67, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0};
    /** The UI font size at 100%, in pixels. */
    public static final double BASE_FONT_PX = 12;
    private static final String ZOOM_KEY = "zoom";
    private static final String PRESENTER_KEY = "presenterMode";

    private final ReadOnlyDoubleWrapper zoom = new ReadOnlyDoubleWrapper(1.0);
    private final BooleanProperty presenter = new SimpleBooleanProperty(false);

    public DisplayViewModel(Preferences prefs) {
        zoom.set(clamp(prefs.getDouble(ZOOM_KEY, 1.0)));
        presenter.set(prefs.getBoolean(PRESENTER_KEY, false));
        zoom.addListener((o, was, z) -> prefs.putDouble(ZOOM_KEY, z.doubleValue()));
        presenter.addListener((o, was, on) -> prefs.putBoolean(PRESENTER_KEY, on));
    }

    /** The next larger step (Ctrl +). */
    public void zoomIn() {
        for (double s : STEPS) {
            if (s > zoom.get() + 1e-9) {
                zoom.set(s);
                return;
            }
        }
    }

    /** The next smaller step (Ctrl -). */
    public void zoomOut() {
        for (int i = STEPS.length - 1; i >= 0; i--) {
            if (STEPS[i] < zoom.get() - 1e-9) {
                zoom.set(STEPS[i]);
                return;
            }
        }
    }

    /** 100% (Ctrl 0). */
    public void resetZoom() {
        zoom.set(1.0);
    }

    public void togglePresenter() {
        presenter.set(!presenter.get());
    }

    /** The zoom factor, 1.0 = 100%. */
    public ReadOnlyDoubleProperty zoomProperty() {
        return zoom.getReadOnlyProperty();
    }

    /** The UI font size in pixels at the current zoom. */
    public double fontPx() {
        return BASE_FONT_PX * zoom.get();
    }

    public BooleanProperty presenterProperty() {
        return presenter;
    }

    static double clamp(double z) {
        return Double.isFinite(z) ? Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, z)) : 1.0;
    }
}
