package io.relayscope.app.viewmodel;

import io.relayscope.app.model.SourceRun;
import io.relayscope.app.model.TimelineData;
import io.relayscope.app.model.TokenDetails;
import io.relayscope.trace.CallRecord;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;

import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * The relay timeline's model: token position along x with a viewport (first token, tokens per pixel) that
 * zooms, pans and follows the newest token; lanes "SLM" and "LLM"; hover text and click-to-focus.
 */
public final class TimelineViewModel {
    /** Lanes from top to bottom. */
    public enum Lane { SLM, LLM }

    public static final double DEFAULT_TOKENS_PER_PIXEL = 0.25;
    private final TimelineData data = new TimelineData();
    private final ReadOnlyDoubleWrapper viewStart = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyDoubleWrapper tokensPerPixel = new ReadOnlyDoubleWrapper(DEFAULT_TOKENS_PER_PIXEL);
    private final BooleanProperty follow = new SimpleBooleanProperty(true);
    private final ReadOnlyIntegerWrapper version = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper hoverText = new ReadOnlyStringWrapper("");
    private final ReadOnlyIntegerWrapper hoveredToken = new ReadOnlyIntegerWrapper(-1);
    private final javafx.beans.property.ReadOnlyObjectWrapper<CallRecord> hoveredCall = new javafx.beans.property.ReadOnlyObjectWrapper<>();
    private double highlightFrom = Double.NaN;
    private double highlightTo = Double.NaN;
    private final IntFunction<TokenRecord> tokens;
    private final IntConsumer focus;
    private java.util.function.IntSupplier total = () -> 0;
    private double viewportWidth = 600;

    /** {@code tokens} looks up a shown token; {@code focus} scrolls the token view to one. */
    public TimelineViewModel(IntFunction<TokenRecord> tokens, IntConsumer focus) {
        this.tokens = tokens;
        this.focus = focus;
        follow.addListener((o, was, on) -> {
            if (on) {
                followNewest();
            }
        });
    }

    void clear() {
        data.clear();
        hoverText.set("");
        hoveredToken.set(-1);
        hoveredCall.set(null);
        changed();
    }

    void addToken(Source source) {
        data.addToken(source);
    }

    void addCall(CallRecord call) {
        data.addCall(call);
    }

    /** Call after a batch of additions: follows the newest token and asks for a redraw. */
    void batchDone() {
        if (follow.get()) {
            followNewest();
        }
        changed();
    }

    /** Tokens in the whole session (beyond the shown ones during replay). */
    void setTotal(java.util.function.IntSupplier total) {
        this.total = total;
    }

    public int totalTokens() {
        return Math.max(total.getAsInt(), data.tokenCount());
    }

    public TimelineData data() {
        return data;
    }

    public void setViewportWidth(double px) {
        if (px > 0 && px != viewportWidth) {
            viewportWidth = px;
            if (follow.get()) {
                followNewest();
            }
            changed();
        }
    }

    public double viewportWidth() {
        return viewportWidth;
    }

    public double tokenAtX(double x) {
        return viewStart.get() + x * tokensPerPixel.get();
    }

    public double xOfToken(double token) {
        return (token - viewStart.get()) / tokensPerPixel.get();
    }

    /** Zooms by a factor (>1 zooms in) keeping the token under {@code anchorX} in place. */
    public void zoom(double factor, double anchorX) {
        double anchor = tokenAtX(anchorX);
        double tpp = clamp(tokensPerPixel.get() / factor, 1.0 / 40, Math.max(1, data.tokenCount() / 50.0));
        tokensPerPixel.set(tpp);
        viewStart.set(anchor - anchorX * tpp);
        clampStart();
        changed();
    }

    /** Moves the view by {@code dx} pixels (positive drags the content right) and stops following. */
    public void pan(double dx) {
        follow.set(false);
        viewStart.set(viewStart.get() - dx * tokensPerPixel.get());
        clampStart();
        changed();
    }

    /** Shows every token at once. */
    public void fit() {
        int n = Math.max(1, totalTokens());
        tokensPerPixel.set(Math.max(1.0 / 40, n / Math.max(1, viewportWidth - 8)));
        viewStart.set(0);
        changed();
    }

    /** Sets the viewport (first token at the left edge, tokens per pixel), as another view asks (the compare lanes). */
    public void setView(double start, double tpp) {
        if (start != viewStart.get() || tpp != tokensPerPixel.get()) {
            tokensPerPixel.set(Math.max(1e-6, tpp));
            viewStart.set(start);
            changed();
        }
    }

    /** Marks tokens [from, to) as the part another view shows (drawn as a box); NaN: none. */
    public void setHighlight(double from, double to) {
        if (Double.compare(from, highlightFrom) != 0 || Double.compare(to, highlightTo) != 0) {
            highlightFrom = from;
            highlightTo = to;
            changed();
        }
    }

    public double highlightFrom() {
        return highlightFrom;
    }

    public double highlightTo() {
        return highlightTo;
    }

    public void resetZoom() {
        tokensPerPixel.set(DEFAULT_TOKENS_PER_PIXEL);
        viewStart.set(0);
        changed();
    }

    private void followNewest() {
        double visible = viewportWidth * tokensPerPixel.get();
        viewStart.set(Math.max(0, data.tokenCount() - visible * 0.95));
    }

    private void clampStart() {
        double visible = viewportWidth * tokensPerPixel.get();
        double max = Math.max(0, data.tokenCount() - visible * 0.5);
        viewStart.set(clamp(viewStart.get(), -visible * 0.05, max));
    }

    /** The call drawn at x in the LLM lane (a few pixels of tolerance), or null. */
    public CallRecord callAt(double x, Lane lane) {
        if (lane != Lane.LLM) {
            return null;
        }
        double tol = 3 * tokensPerPixel.get();
        CallRecord best = data.callAt(tokenAtX(x));
        if (best == null) {
            best = data.callAt(tokenAtX(x) - tol);
        }
        if (best == null) {
            best = data.callAt(tokenAtX(x) + tol);
        }
        return best;
    }

    /** Updates the hover text for the mouse at x over a lane (null lane: outside). */
    public void hover(double x, Lane lane) {
        if (lane == null) {
            hoverText.set("");
            hoveredToken.set(-1);
            hoveredCall.set(null);
            return;
        }
        CallRecord call = callAt(x, lane);
        int t = (int) Math.floor(tokenAtX(x));
        hoveredToken.set(t >= 0 && t < data.tokenCount() ? t : -1);
        hoveredCall.set(call);
        if (call != null) {
            hoverText.set(TokenDetails.describe(call));
            return;
        }
        if (t >= 0 && t < data.tokenCount()) {
            TokenRecord r = tokens.apply(t);
            hoverText.set("Token " + t + " " + TokenDetails.quote(r.text()) + " by " + r.source()
                    + (Double.isNaN(r.logprob()) ? "" : String.format(java.util.Locale.ROOT, ", p = %.3f", r.probability())));
        } else {
            hoverText.set("");
        }
    }

    /** A click focuses the call's first token, or the token under the mouse. Returns the token, or -1. */
    public int click(double x, Lane lane) {
        CallRecord call = callAt(x, lane);
        int t = call != null ? call.position() : (int) Math.floor(tokenAtX(x));
        if (t < 0 || t >= data.tokenCount()) {
            return -1;
        }
        focus.accept(t);
        return t;
    }

    /** Index of the first run visible at the left edge. */
    public int firstVisibleRun() {
        return data.firstRunEndingAfter(viewStart.get());
    }

    public Iterable<SourceRun> runs() {
        return data.runs();
    }

    private void changed() {
        version.set(version.get() + 1);
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    public ReadOnlyDoubleProperty viewStartProperty() {
        return viewStart.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty tokensPerPixelProperty() {
        return tokensPerPixel.getReadOnlyProperty();
    }

    public BooleanProperty followProperty() {
        return follow;
    }

    /** Increments on every change that needs a redraw. */
    public ReadOnlyIntegerProperty versionProperty() {
        return version.getReadOnlyProperty();
    }

    /** The token under the mouse (-1: none), for views that follow the timeline's hover. */
    public ReadOnlyIntegerProperty hoveredTokenProperty() {
        return hoveredToken.getReadOnlyProperty();
    }

    /** The call under the mouse in the LLM lane, or null. */
    public javafx.beans.property.ReadOnlyObjectProperty<CallRecord> hoveredCallProperty() {
        return hoveredCall.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty hoverTextProperty() {
        return hoverText.getReadOnlyProperty();
    }
}
