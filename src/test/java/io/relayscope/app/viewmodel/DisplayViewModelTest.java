package io.relayscope.app.viewmodel;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;

/** Zoom steps and bounds, without the JavaFX runtime. */
class DisplayViewModelTest {
    private final Preferences prefs = Preferences.userRoot().node("/io/relayscope/test/display-" + System.nanoTime());

    @AfterEach
    void clean() throws Exception {
        prefs.removeNode();
    }

    @Test
    void zoomStepsStayWithin50And300Percent() {
        DisplayViewModel d = new DisplayViewModel(prefs);
        assertThat(d.zoomProperty().get()).isEqualTo(1.0);
        assertThat(d.fontPx()).isEqualTo(DisplayViewModel.BASE_FONT_PX);
        for (int i = 0; i < 30; i++) {
            d.zoomOut();
        }
        assertThat(d.zoomProperty().get()).isEqualTo(DisplayViewModel.MIN_ZOOM);
        for (int i = 0; i < 30; i++) {
            d.zoomIn();
        }
        assertThat(d.zoomProperty().get()).isEqualTo(DisplayViewModel.MAX_ZOOM);
        d.resetZoom();
        assertThat(d.zoomProperty().get()).isEqualTo(1.0);
    }

    @Test
    void aStoredZoomOutOfRangeIsClamped() {
        prefs.putDouble("zoom", 12);
        assertThat(new DisplayViewModel(prefs).zoomProperty().get()).isEqualTo(DisplayViewModel.MAX_ZOOM);
        prefs.putDouble("zoom", Double.NaN);
        assertThat(new DisplayViewModel(prefs).zoomProperty().get()).isEqualTo(1.0);
    }
}
