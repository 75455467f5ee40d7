package io.relayscope.app.view;

import io.relayscope.app.model.SourceRun;
import io.relayscope.app.model.TimelineData;
import io.relayscope.app.viewmodel.TimelineViewModel;
import io.relayscope.app.viewmodel.TimelineViewModel.Lane;
import io.relayscope.trace.CallRecord;
import io.relayscope.trace.Source;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableIntegerValue;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

import java.util.List;

/**
 * The relay timeline: a Canvas sized to its viewport, token position along x, an SLM and an LLM lane, calls as
 * blocks of requested (outline) against delivered (filled) tokens. Wheel zooms, drag pans, click focuses a token.
 */
public final class TimelineView extends BorderPane {
    static final double GUTTER = 40;
    static final double AXIS = 18;
    private final TimelineViewModel vm;
    private final ObservableBooleanValue dark;
    private final ObservableIntegerValue focused;
    private final Canvas canvas = new Canvas();
    private final Pane holder = new Pane(canvas);
    private final Font font = Font.font("DejaVu Sans", 10);
    private double dragX = Double.NaN;
    private boolean dragged;

    public TimelineView(TimelineViewModel vm, ObservableBooleanValue dark, ObservableIntegerValue focused) {
        this.vm = vm;
        this.dark = dark;
        this.focused = focused;
        getStyleClass().add("timeline");
        setId("timeline");
        canvas.setId("timelineCanvas");
        holder.setMinSize(0, 0);
        holder.setPrefHeight(130);
        canvas.widthProperty().bind(holder.widthProperty());
        canvas.heightProperty().bind(holder.heightProperty());
        canvas.widthProperty().addListener(o -> {
            vm.setViewportWidth(Math.max(1, canvas.getWidth() - GUTTER));
            redraw();
        });
        canvas.heightProperty().addListener(o -> redraw());
        vm.versionProperty().addListener(o -> redraw());
        dark.addListener(o -> redraw());
        focused.addListener(o -> redraw());

        Label title = new Label("RELAY TIMELINE");
        title.getStyleClass().add("section-title");
        title.setStyle("-fx-padding: 0;");
        title.setMinWidth(Region.USE_PREF_SIZE);
        Label hover = new Label();
        hover.setMinWidth(0);
        hover.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(hover, Priority.ALWAYS);
        hover.getStyleClass().add("timeline-hover");
        hover.textProperty().bind(vm.hoverTextProperty());
        hover.visibleProperty().bind(vm.hoverTextProperty().isNotEmpty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.SOMETIMES);
        Button zoomOut = new Button("\u2212");
        zoomOut.setOnAction(e -> vm.zoom(1 / 1.5, vm.viewportWidth() / 2));
        Button zoomIn = new Button("+");
        zoomIn.setOnAction(e -> vm.zoom(1.5, vm.viewportWidth() / 2));
        Button fit = new Button("Fit");
        fit.setOnAction(e -> vm.fit());
        ToggleButton follow = new ToggleButton("Follow");
        follow.selectedProperty().bindBidirectional(vm.followProperty());
        // the title (and hover text) and the buttons share a row while they fit, the buttons at the right; in a narrow
        // view (300% zoom) the buttons wrap to the rows below instead of being cut
        HBox head = new HBox(6, title, hover, spacer);
        head.setStyle("-fx-alignment: center-left;");
        javafx.scene.layout.FlowPane bar = new javafx.scene.layout.FlowPane(6, 3);
        bar.getChildren().addAll(head, zoomOut, zoomIn, fit, follow);
        javafx.scene.control.Control[] buttons = {zoomOut, zoomIn, fit, follow};
        for (javafx.scene.control.Control c : buttons) {
            c.setMinWidth(Region.USE_PREF_SIZE);
        }
        head.prefWidthProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(() -> {
            double used = bar.getInsets().getLeft() + bar.getInsets().getRight();
            for (javafx.scene.control.Control c : buttons) {
                used += c.prefWidth(-1) + bar.getHgap();
            }
            return Math.max(title.prefWidth(-1), Math.floor(bar.getWidth() - used) - 2);
        }, bar.widthProperty(), bar.insetsProperty(), title.widthProperty(), zoomOut.widthProperty(), zoomIn.widthProperty(),
                fit.widthProperty(), follow.widthProperty()));
        bar.setId("timelineBar");
        bar.setMinWidth(0); // its row follows the width it is given (the head fills what the buttons leave)
        bar.setStyle("-fx-alignment: center-left; -fx-padding: 3 6 3 6;");
        setTop(bar);
        setCenter(holder);

        canvas.setOnScroll(e -> {
            double factor = e.getDeltaY() > 0 ? 1.25 : 1 / 1.25;
            if (e.getDeltaY() != 0) {
                vm.zoom(factor, e.getX() - GUTTER);
            }
        });
        canvas.setOnMousePressed(e -> {
            dragX = e.getX();
            dragged = false;
        });
        canvas.setOnMouseDragged(e -> {
            if (!Double.isNaN(dragX) && Math.abs(e.getX() - dragX) > 2) {
                vm.pan(e.getX() - dragX);
                dragX = e.getX();
                dragged = true;
            }
        });
        canvas.setOnMouseReleased(e -> dragX = Double.NaN);
        canvas.setOnMouseClicked(e -> {
            if (!dragged && e.getButton() == MouseButton.PRIMARY && e.getX() > GUTTER) {
                vm.click(e.getX() - GUTTER, laneAt(e.getY()));
            }
        });
        canvas.setOnMouseMoved(e -> vm.hover(e.getX() - GUTTER, e.getX() > GUTTER ? laneAt(e.getY()) : null));
        canvas.setOnMouseExited(e -> vm.hover(0, null));
    }

    /**
     * The same timeline without its title bar (no zoom buttons: the wheel zooms, a drag pans), {@code height} pixels
     * tall: a compare lane's run.
     */
    public static TimelineView compact(TimelineViewModel vm, ObservableBooleanValue dark, ObservableIntegerValue focused,
                                       double height) {
        TimelineView v = new TimelineView(vm, dark, focused);
        v.setTop(null);
        v.holder.setPrefHeight(height);
        v.setMinHeight(height);
        v.setPrefHeight(height);
        v.setMaxHeight(height);
        return v;
    }

    /** The lane at a canvas y, or null. */
    Lane laneAt(double y) {
        double h = laneHeight();
        if (y >= 4 && y < 4 + h) {
            return Lane.SLM;
        }
        if (y >= 8 + h && y < 8 + 2 * h) {
            return Lane.LLM;
        }
        return null;
    }

    /** Canvas y of the middle of a lane. */
    public double laneCenterY(Lane lane) {
        double h = laneHeight();
        return lane == Lane.SLM ? 4 + h / 2 : 8 + h + h / 2;
    }

    /** Canvas x of a token's left edge. */
    public double canvasX(double token) {
        return GUTTER + vm.xOfToken(token);
    }

    private double laneHeight() {
        return Math.max(8, (canvas.getHeight() - AXIS - 12) / 2);
    }

    public Canvas canvas() {
        return canvas;
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
        double laneH = laneHeight();
        double slmY = 4;
        double llmY = 8 + laneH;
        g.setFill(p.grid());
        g.fillRect(GUTTER, slmY, w - GUTTER, laneH);
        g.fillRect(GUTTER, llmY, w - GUTTER, laneH);
        g.setFont(font);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        g.setFill(p.slm());
        g.fillText("SLM", 6, slmY + laneH / 2);
        g.setFill(p.llm());
        g.fillText("LLM", 6, llmY + laneH / 2);

        TimelineData data = vm.data();
        double tpp = vm.tokensPerPixelProperty().get();
        double start = vm.viewStartProperty().get();
        double end = start + (w - GUTTER) * tpp;
        g.save();
        g.beginPath();
        g.rect(GUTTER, 0, w - GUTTER, h);
        g.clip();
        List<SourceRun> runs = data.runs();
        double lastSlmX = -1;
        double lastLlmX = -1;
        for (int i = data.firstRunEndingAfter(start); i < runs.size(); i++) {
            SourceRun r = runs.get(i);
            if (r.start() > end) {
                break;
            }
            double x0 = canvasX(r.start());
            double x1 = Math.max(x0 + 1, canvasX(r.end()));
            boolean llm = r.source() == Source.LLM;
            if (llm ? x1 <= lastLlmX : x1 <= lastSlmX) {
                continue;
            }
            g.setFill(p.of(r.source()));
            if (llm) {
                g.fillRect(x0, llmY + 3, x1 - x0, laneH - 6);
                lastLlmX = Math.floor(x1);
            } else if (r.source() == Source.COMMAND) {
                g.fillRect(x0, slmY, x1 - x0, laneH);
                g.fillRect(x0, slmY + laneH, Math.max(1, Math.min(2, x1 - x0)), llmY - slmY - laneH + 2);
                lastSlmX = Math.floor(x1);
            } else {
                g.fillRect(x0, slmY + 3, x1 - x0, laneH - 6);
                lastSlmX = Math.floor(x1);
            }
        }
        g.setLineWidth(1.5);
        g.setTextAlign(TextAlignment.CENTER);
        for (CallRecord c : data.calls()) {
            double x0 = canvasX(c.position());
            double x1 = canvasX(c.position() + Math.max(1, c.requested()));
            if (x1 < GUTTER || x0 > w) {
                continue;
            }
            g.setStroke(p.llm());
            g.strokeRect(x0 + 0.75, llmY + 0.75, Math.max(2, x1 - x0 - 1.5), laneH - 1.5);
            if (x1 - x0 > 44) {
                g.setFill(p.text());
                g.fillText(c.delivered() + "/" + c.requested(), (x0 + x1) / 2, llmY + laneH / 2);
            }
        }
        int total = vm.totalTokens();
        if (total > data.tokenCount()) {
            double x0 = Math.max(GUTTER, canvasX(data.tokenCount()));
            double x1 = Math.min(w, canvasX(total));
            if (x1 > x0) {
                g.setFill(p.muted().deriveColor(0, 1, 1, 0.18));
                g.fillRect(x0, slmY, x1 - x0, llmY + laneH - slmY);
                g.setStroke(p.text());
                g.setLineWidth(1.5);
                g.strokeLine(x0, 2, x0, llmY + laneH + 2);
            }
        }
        double from = vm.highlightFrom();
        double to = vm.highlightTo();
        if (!Double.isNaN(from) && !Double.isNaN(to) && to > from) {
            double x0 = Math.max(GUTTER - 1, canvasX(from));
            double x1 = Math.min(w + 1, canvasX(to));
            if (x1 > x0) {
                g.setStroke(p.text());
                g.setLineWidth(1);
                g.strokeRect(x0 + 0.5, slmY - 2.5, Math.max(2, x1 - x0 - 1), llmY + laneH - slmY + 4);
            }
        }
        int f = focused.get();
        if (f >= 0 && f < data.tokenCount()) {
            double x = canvasX(f + 0.5);
            g.setStroke(p.focus());
            g.setLineWidth(2);
            g.strokeLine(x, 2, x, llmY + laneH + 2);
        }
        g.restore();
        drawAxis(g, p, w, h, start, end, tpp);
    }

    private void drawAxis(GraphicsContext g, Palette p, double w, double h, double start, double end, double tpp) {
        double y = h - AXIS + 2;
        g.setStroke(p.muted());
        g.setLineWidth(1);
        g.strokeLine(GUTTER, y, w, y);
        double step = niceStep(90 * tpp);
        g.setFill(p.muted());
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        for (double t = Math.ceil(Math.max(0, start) / step) * step; t <= end; t += step) {
            double x = canvasX(t);
            if (x < GUTTER + 10 || x > w - 10) {
                continue;
            }
            g.strokeLine(x, y, x, y + 3);
            g.fillText(String.valueOf((long) t), x, y + 4);
        }
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText("token", 4, y + 4);
    }

    private static double niceStep(double raw) {
        double pow = Math.pow(10, Math.floor(Math.log10(Math.max(1, raw))));
        for (double m : new double[]{1, 2, 5, 10}) {
            if (m * pow >= raw) {
                return Math.max(1, m * pow);
            }
        }
        return 10 * pow;
    }
}
