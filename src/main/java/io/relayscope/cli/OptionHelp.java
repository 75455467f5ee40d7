package io.relayscope.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.ListResourceBundle;

/**
 * The one resource bundle of the options worded by a catalogue: the policy options ({@link PolicyHelp}) and the
 * sampling and limit options ({@link SamplingHelp}). One bundle for every option class and command that uses them,
 * since picocli gives a command one bundle, so mixins with different bundles would hide each other's texts.
 */
public final class OptionHelp extends ListResourceBundle {
    /** The bundle's name for picocli's {@code @Command(resourceBundle = ...)}. */
    public static final String BUNDLE = "io.relayscope.cli.OptionHelp";

    @Override
    protected Object[][] getContents() {
        List<Object[]> rows = new ArrayList<>(PolicyHelp.rows());
        rows.addAll(SamplingHelp.rows());
        return rows.toArray(new Object[0][]);
    }
}
