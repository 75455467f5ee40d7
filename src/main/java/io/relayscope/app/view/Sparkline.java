package io.relayscope.app.view;

import io.relayscope.app.model.RatioHistory;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Pane;

/** A small line chart of the LLM token ratio over the response, drawn on a canvas sized to its pane. */
final class Sparkline extends Pane {
    private final Canvas canvas = new Canvas();
    private final RatioHistory history;
    private final ObservableBooleanValue dark;

    Sparkline(RatioHistory history, ObservableBooleanValue dark) {
        this.history = history;
        this.dark = dark;
        getChildren().add(canvas);
        setMinHeight(50);
        setPrefHeight(60);
        canvas.widthProperty().bind(widthProperty());
        canvas.heightProperty().bind(heightProperty());
        canvas.widthProperty().addListener(o -> redraw());
        canvas.heightProperty().addListener(o -> redraw());
        dark.addListener(o -> redraw());
    }

    void redraw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        if (w <= 0 || h <= 0) {
            return;
        }
        Palette p = Palette.of(dark.get());
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(p.background());
        g.fillRect(0, 0, w, h);
        g.setStroke(p.grid());
        g.setLineWidth(1);
        g.strokeRect(0.5, 0.5, w - 1, h - 1);
        float[] values = history.sample((int) Math.max(2, w - 4));
        if (values.length == 0) {
            return;
        }
        float max = 0.05f;
        for (float v : values) {
            max = Math.max(max, v);
        }
        max = Math.min(1f, max * 1.15f);
        double x0 = 2;
        double dx = values.length == 1 ? 0 : (w - 4) / (values.length - 1);
        g.setFill(p.llm().deriveColor(0, 1, 1, 0.18));
        g.beginPath();
        g.moveTo(x0, h - 2);
        for (int i = 0; i < values.length; i++) {
            g.lineTo(x0 + i * dx, h - 2 - (h - 4) * values[i] / max);
        }
        g.lineTo(x0 + (values.length - 1) * dx, h - 2);
        g.closePath();
        g.fill();
        g.setStroke(p.llm());
        g.setLineWidth(1.5);
        g.beginPath();
        for (int i = 0; i < values.length; i++) {
            double x = x0 + i * dx;
            double y = h - 2 - (h - 4) * values[i] / max;
            if (i == 0) {
                g.moveTo(x, y);
            } else {
                g.lineTo(x, y);
            }
        }
        g.stroke();
        g.setFill(p.muted());
        g.fillText(String.format(java.util.Locale.ROOT, "max %.0f %%", max * 100), 4, 12);
    }
}
