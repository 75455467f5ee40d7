package io.relayscope.app.view;

import javafx.scene.Scene;

import java.util.Objects;

/** Applies the light or dark theme: a colour-variable sheet plus the shared app.css. */
public final class Theme {
    private Theme() {
    }

    public static void apply(Scene scene, boolean dark) {
        scene.getStylesheets().setAll(url(dark ? "dark.css" : "light.css"), url("app.css"));
    }

    static String url(String name) {
        return Objects.requireNonNull(Theme.class.getResource("/io/relayscope/app/" + name), name).toExternalForm();
    }
}
