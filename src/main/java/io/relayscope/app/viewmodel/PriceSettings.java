package io.relayscope.app.viewmodel;

import io.relayscope.trace.cost.Prices;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;

import java.util.List;
import java.util.prefs.Preferences;

/**
 * The money row's prices in USD per 1M tokens, per model: input, cached input and output (the CLI's
 * {@code --slm-prices} / {@code --llm-prices IN,CACHED,OUT}); all 0, the default, leaves money out. Remembered.
 */
public final class PriceSettings {
    /** The six fields in the order {@link Prices} takes them, with their preference keys. */
    static final List<String> KEYS = List.of("prices.slmInput", "prices.slmCached", "prices.slmOutput",
            "prices.llmInput", "prices.llmCached", "prices.llmOutput");
    private final DoubleProperty[] fields = new DoubleProperty[KEYS.size()];
    private final ObjectBinding<Prices> prices;

    public PriceSettings(Preferences prefs) {
        for (int i = 0; i < fields.length; i++) {
            String key = KEYS.get(i);
            double v = prefs.getDouble(key, 0);
            fields[i] = new SimpleDoubleProperty(v >= 0 && Double.isFinite(v) ? v : 0);
            fields[i].addListener((o, was, now) -> prefs.putDouble(key, now.doubleValue()));
        }
        prices = Bindings.createObjectBinding(() -> new Prices(fields[0].get(), fields[1].get(), fields[2].get(),
                fields[3].get(), fields[4].get(), fields[5].get()), fields);
    }

    public DoubleProperty slmInput() {
        return fields[0];
    }

    public DoubleProperty slmCachedInput() {
        return fields[1];
    }

    public DoubleProperty slmOutput() {
        return fields[2];
    }

    public DoubleProperty llmInput() {
        return fields[3];
    }

    public DoubleProperty llmCachedInput() {
        return fields[4];
    }

    public DoubleProperty llmOutput() {
        return fields[5];
    }

    /** The prices as the cost catalogue ({@code trace.cost}) takes them. */
    public ObjectBinding<Prices> prices() {
        return prices;
    }
}
