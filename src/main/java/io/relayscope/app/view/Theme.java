package io.relayscope.app.view;

import io.relayscope.trace.palette.ThemeColours;
import javafx.scene.Scene;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/** Applies the light or dark theme: the colour variables of {@link ThemeColours} as a sheet, plus the shared app.css. */
public final class Theme {
    private Theme() {
    }

    public static void apply(Scene scene, boolean dark) {
        scene.getStylesheets().setAll(colourSheet(ThemeColours.of(dark)), url("app.css"));
    }

    /** A data: URL stylesheet that declares every colour role on .root (JavaFX reads data: URLs since 17). */
    static String colourSheet(ThemeColours colours) {
        String css = ".root { " + colours.cssVariables() + " }\n";
        return "data:text/css;base64," + Base64.getEncoder().encodeToString(css.getBytes(StandardCharsets.UTF_8));
    }

    static String url(String name) {
        return Objects.requireNonNull(Theme.class.getResource("/io/relayscope/app/" + name), name).toExternalForm();
    }
}
