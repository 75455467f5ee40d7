package io.relayscope.app.view;

import javafx.geometry.HPos;
import javafx.geometry.Orientation;
import javafx.geometry.VPos;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;

/**
 * One counter: its name on the left and its value on the right when both fit on a line; in a narrow column (presenter
 * size, 300% zoom) the value goes under the name, still right-aligned, and the name wraps at word breaks only if it is
 * wider than the column by itself. Neither is ever cut.
 */
final class CounterRow extends Region {
    private static final double GAP = 8;
    private final Label name;
    private final Label value;

    CounterRow(Label name, Label value) {
        this.name = name;
        this.value = value;
        name.setWrapText(true);
        value.setWrapText(true);
        getStyleClass().add("counter-row");
        getChildren().addAll(name, value);
    }

    @Override
    public Orientation getContentBias() {
        return Orientation.HORIZONTAL;
    }

    private boolean oneLine(double width) {
        return name.prefWidth(-1) + GAP + value.prefWidth(-1) <= width;
    }

    @Override
    protected double computeMinWidth(double height) {
        return 0;
    }

    @Override
    protected double computePrefWidth(double height) {
        return name.prefWidth(-1) + GAP + value.prefWidth(-1);
    }

    @Override
    protected double computePrefHeight(double width) {
        if (width < 0 || oneLine(width)) {
            return Math.max(name.prefHeight(-1), value.prefHeight(-1));
        }
        return name.prefHeight(width) + value.prefHeight(width);
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        if (oneLine(w)) {
            double h = getHeight();
            double nameWidth = name.prefWidth(-1);
            double valueWidth = value.prefWidth(-1);
            layoutInArea(name, 0, 0, nameWidth, h, 0, HPos.LEFT, VPos.CENTER);
            layoutInArea(value, w - valueWidth, 0, valueWidth, h, 0, HPos.RIGHT, VPos.CENTER);
        } else {
            double nameHeight = name.prefHeight(w);
            double valueWidth = Math.min(w, value.prefWidth(-1));
            layoutInArea(name, 0, 0, w, nameHeight, 0, HPos.LEFT, VPos.TOP);
            layoutInArea(value, w - valueWidth, nameHeight, valueWidth, value.prefHeight(valueWidth), 0, HPos.RIGHT,
                    VPos.TOP);
        }
    }
}
