package io.relayscope.app.view;

import io.relayscope.app.model.CompareLayout;
import io.relayscope.app.viewmodel.CompareTimeline;
import io.relayscope.app.viewmodel.CompareViewModel;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Orientation;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ScrollBar;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * The compare lanes on one canvas the size of the viewport: a ruler of response positions, then per run its label,
 * its tokens coloured by writer (aligned by position with every other lane) and under them the run's relay timeline
 * (the main window's {@link TimelineView}, SLM and LLM lanes with call bars; the part in view boxed, the hovered or
 * selected position as a line, responses starting at the same x in every lane). The first position where the runs
 * part is a band across all lanes; the hovered and the selected position are outlined in every lane. One scroll bar
 * moves every lane; a timeline's wheel and drag zoom and pan every timeline; hovering or clicking one marks or
 * selects that position in every lane.
 */
public final class CompareLanes extends Region {
    static final double GUTTER = 150;
    static final double RULER = 20;
    static final double TOKEN_ROW = 24;
    static final double TIMELINE = 66;
    static final double LANE = TOKEN_ROW + TIMELINE + 12;

    private final CompareViewModel vm;
    private final ObservableBooleanValue dark;
    private final Canvas canvas = new Canvas();
    private final ScrollBar bar = new ScrollBar();
    private final Font font = Font.font("DejaVu Sans Mono", 13);
    private final Font bold = Font.font("DejaVu Sans", FontWeight.BOLD, 12);
    private final Font small = Font.font("DejaVu Sans", 10);
    private final double charWidth;
    private boolean syncing;
    private long draws;
    private final java.util.List<TimelineView> timelineViews = new java.util.ArrayList<>();

    public CompareLanes(CompareViewModel vm, ObservableBooleanValue dark) {
        this.vm = vm;
        this.dark = dark;
        getStyleClass().add("compare-lanes");
        setId("compareLanes");
        Text probe = new Text("0123456789");
        probe.setFont(font);
        charWidth = probe.getLayoutBounds().getWidth() / 10;
        bar.setOrientation(Orientation.HORIZONTAL);
        bar.setId("compareScroll");
        bar.setMin(0);
        bar.setUnitIncrement(4);
        getChildren().addAll(canvas, bar);
        vm.timelines().addListener((javafx.collections.ListChangeListener<CompareTimeline>) c -> rebuildTimelines());
        rebuildTimelines();
        vm.versionProperty().addListener(o -> refresh());
        vm.scrollProperty().addListener(o -> {
            syncBar();
            draw();
        });
        vm.hoveredProperty().addListener(o -> draw());
        vm.selectedProperty().addListener(o -> draw());
        dark.addListener(o -> draw());
        bar.valueProperty().addListener((o, was, now) -> {
            if (!syncing) {
                vm.scrollProperty().set(now.doubleValue());
            }
        });
        canvas.setOnMouseMoved(e -> vm.hoveredProperty().set(positionAt(e.getX(), e.getY())));
        canvas.setOnMouseExited(e -> vm.hoveredProperty().set(-1));
        canvas.setOnMouseClicked(e -> vm.select(positionAt(e.getX(), e.getY()), visibleColumns()));
        canvas.setOnScroll(e -> {
            double d = Math.abs(e.getDeltaX()) > Math.abs(e.getDeltaY()) ? e.getDeltaX() : e.getDeltaY();
            vm.scrollBy(-d / charWidth, visibleColumns());
            e.consume();
        });
    }

    /** Columns (characters) the viewport shows. */
    public double visibleColumns() {
        return Math.max(1, (getWidth() - GUTTER - 8) / charWidth);
    }

    public double charWidth() {
        return charWidth;
    }

    /** The x of a response position's left edge on the canvas (for tests and the robot). */
    public double xOf(int position) {
        return GUTTER + (vm.layout().start(position) - vm.scrollProperty().get()) * charWidth;
    }

    /** The y of a lane's token row middle. */
    public double yOf(int lane) {
        return RULER + lane * LANE + TOKEN_ROW / 2;
    }

    private int positionAt(double x, double y) {
        int lane = (int) Math.floor((y - RULER) / LANE);
        if (x < GUTTER || y < RULER || lane >= vm.lanes().size() || (y - RULER) - lane * LANE > TOKEN_ROW) {
            return -1;
        }
        return vm.layout().positionAt(vm.scrollProperty().get() + (x - GUTTER) / charWidth);
    }

    /** One {@link TimelineView} per lane, made again when the lanes change. */
    private void rebuildTimelines() {
        getChildren().removeAll(timelineViews);
        timelineViews.clear();
        for (int lane = 0; lane < vm.timelines().size(); lane++) {
            CompareTimeline c = vm.timelines().get(lane);
            TimelineView v = TimelineView.compact(c.timeline(), dark, c.markedProperty(), TIMELINE);
            v.setId("compareTimeline-" + lane);
            v.canvas().setId("compareTimelineCanvas-" + lane);
            timelineViews.add(v);
        }
        getChildren().addAll(timelineViews);
        requestLayout();
    }

    /** The lanes' timelines, in lane order. */
    public java.util.List<TimelineView> timelineViews() {
        return java.util.Collections.unmodifiableList(timelineViews);
    }

    /** The y of the top of a lane's timeline. */
    double timelineTop(int lane) {
        return RULER + lane * LANE + TOKEN_ROW + 4;
    }

    @Override
    protected double computePrefHeight(double width) {
        return RULER + Math.max(1, vm.lanes().size()) * LANE + bar.prefHeight(-1) + 4;
    }

    @Override
    protected double computePrefWidth(double height) {
        return 800;
    }

    @Override
    protected void layoutChildren() {
        double barH = bar.prefHeight(-1);
        double w = Math.max(0, getWidth());
        double h = Math.max(0, getHeight() - barH);
        // the scroll bar right under the last lane
        bar.resizeRelocate(GUTTER, Math.min(h, RULER + Math.max(1, vm.lanes().size()) * LANE), Math.max(0, w - GUTTER), barH);
        double timelineX = GUTTER - TimelineView.GUTTER;
        for (int lane = 0; lane < timelineViews.size(); lane++) {
            timelineViews.get(lane).resizeRelocate(timelineX, timelineTop(lane), Math.max(0, w - timelineX - 8), TIMELINE);
        }
        vm.setVisibleColumns(visibleColumns());
        vm.setTimelineWidth(Math.max(1, w - GUTTER - 8));
        // only a new size redraws: a layout pass that changes nothing must not start another frame
        if (w != canvas.getWidth() || h != canvas.getHeight()) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            syncBar();
            draw();
        }
    }

    private void refresh() {
        requestLayout();
        syncBar();
        draw();
    }

    /** Sets the scroll bar to the lanes' range and position, touching only what changed. */
    private void syncBar() {
        syncing = true;
        try {
            double visible = visibleColumns();
            double total = vm.layout().totalColumns();
            double max = Math.max(0, total - visible);
            set(bar.getMax(), max, bar::setMax);
            set(bar.getVisibleAmount(), max == 0 ? 1 : Math.max(1, max * visible / Math.max(1, total)), bar::setVisibleAmount);
            set(bar.getBlockIncrement(), visible * 0.8, bar::setBlockIncrement);
            set(bar.getValue(), Math.min(max, vm.scrollProperty().get()), bar::setValue);
            if (bar.isDisable() != (max == 0)) {
                bar.setDisable(max == 0);
            }
        } finally {
            syncing = false;
        }
    }

    private static void set(double now, double wanted, java.util.function.DoubleConsumer setter) {
        if (Math.abs(now - wanted) > 1e-9) {
            setter.accept(wanted);
        }
    }

    /** How many times the lanes were drawn (an idle window draws none). */
    public long draws() {
        return draws;
    }

    private void draw() {
        draws++;
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        if (w <= 0 || h <= 0) {
            return;
        }
        Palette pal = Palette.of(dark.get());
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(pal.background());
        g.fillRect(0, 0, w, h);
        CompareLayout layout = vm.layout();
        if (vm.lanes().isEmpty()) {
            g.setFill(pal.muted());
            g.setFont(bold);
            g.setTextBaseline(VPos.CENTER);
            g.fillText("Run all policies on the prompt, or open traces to compare.", GUTTER, RULER + LANE / 2);
            return;
        }
        double scroll = vm.scrollProperty().get();
        int first = Math.max(0, layout.positionAt(scroll));
        int last = layout.positionAt(Math.min(layout.totalColumns() - 1, scroll + visibleColumns()));
        last = last < 0 ? layout.positions() - 1 : last;
        double lanesBottom = RULER + vm.lanes().size() * LANE;
        g.save();
        g.beginPath();
        g.rect(GUTTER, 0, w - GUTTER, h);
        g.clip();
        drawRuler(g, pal, layout, first, last);
        layout.divergence().ifPresent(d -> band(g, d, pal.focus().deriveColor(0, 1, 1, 0.22), lanesBottom));
        for (int lane = 0; lane < vm.lanes().size(); lane++) {
            drawTokens(g, pal, layout, lane, first, last);
        }
        outline(g, vm.selectedProperty().get(), pal.focus(), 2.5, lanesBottom);
        outline(g, vm.hoveredProperty().get(), pal.text().deriveColor(0, 1, 1, 0.7), 1, lanesBottom);
        g.restore();
        for (int lane = 0; lane < vm.lanes().size(); lane++) {
            g.setFill(pal.text());
            g.setFont(bold);
            g.setTextAlign(TextAlignment.LEFT);
            g.setTextBaseline(VPos.CENTER);
            g.fillText(vm.lanes().get(lane).label(), 8, yOf(lane), GUTTER - 14);
        }
        layout.divergence().ifPresent(d -> {
            g.setFill(pal.focus());
            g.setFont(small);
            g.setTextBaseline(VPos.CENTER);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText("parts at #" + d, 8, RULER / 2);
        });
    }

    private void drawRuler(GraphicsContext g, Palette pal, CompareLayout layout, int first, int last) {
        g.setFont(small);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        for (int p = first; p <= last; p++) {
            if (p % 10 == 0) {
                double x = xOf(p);
                g.setStroke(pal.grid());
                g.strokeLine(x + 0.5, RULER - 5, x + 0.5, RULER);
                g.setFill(pal.muted());
                g.fillText("#" + p, x + 2, RULER / 2);
            }
        }
    }

    private void drawTokens(GraphicsContext g, Palette pal, CompareLayout layout, int lane, int first, int last) {
        double top = RULER + lane * LANE;
        g.setFont(font);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        for (int p = first; p <= last; p++) {
            TokenRecord t = layout.token(lane, p);
            if (t == null) {
                break;
            }
            double x = xOf(p);
            double width = layout.width(p) * charWidth;
            Color c = pal.of(t.source());
            g.setFill(t.source() == Source.COMMAND ? c : c.deriveColor(0, 1, 1, 0.16));
            g.fillRoundRect(x + 0.5, top + 2, width - 1, TOKEN_ROW - 4, 4, 4);
            g.setFill(t.source() == Source.COMMAND ? pal.text() : c);
            g.fillText(CompareLayout.shown(t), x, top + TOKEN_ROW / 2);
            if (t.source() == Source.LLM) {
                g.setStroke(c);
                g.setLineWidth(1.5);
                g.strokeLine(x + 1, top + TOKEN_ROW - 4, x + width - 1, top + TOKEN_ROW - 4);
                g.setLineWidth(1);
            }
        }
    }

    /** A box over a position in every lane's token row (the timelines below show it as a line). */
    private void band(GraphicsContext g, int position, Color colour, double bottom) {
        if (position < 0 || position >= vm.layout().positions()) {
            return;
        }
        g.setFill(colour);
        for (int lane = 0; lane < vm.lanes().size(); lane++) {
            double top = RULER + lane * LANE;
            g.fillRect(xOf(position) - 2, lane == 0 ? RULER - 2 : top, vm.layout().width(position) * charWidth + 4,
                    TOKEN_ROW + (lane == 0 ? 2 : 0));
        }
    }

    private void outline(GraphicsContext g, int position, Color colour, double width, double bottom) {
        if (position < 0 || position >= vm.layout().positions()) {
            return;
        }
        g.setStroke(colour);
        g.setLineWidth(width);
        for (int lane = 0; lane < vm.lanes().size(); lane++) {
            g.strokeRect(xOf(position) - 1, RULER + lane * LANE, vm.layout().width(position) * charWidth + 2, TOKEN_ROW);
        }
        g.setLineWidth(1);
    }

    Canvas canvas() {
        return canvas;
    }

    public ScrollBar scrollBar() {
        return bar;
    }
}
