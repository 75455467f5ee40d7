package io.relayscope.trace.palette;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Both themes meet WCAG AA on every pair the app shows together (4.5:1 text, 3:1 interface parts). */
class ThemeColoursContrastTest {

    @ParameterizedTest
    @EnumSource(ThemeColours.class)
    void everyContrastRuleHolds(ThemeColours theme) {
        List<String> failures = new ArrayList<>();
        for (ThemeColours.ContrastRule r : ThemeColours.CONTRAST_RULES) {
            double ratio = theme.contrast(r.foreground(), r.background());
            if (ratio < r.minimum()) {
                failures.add(String.format("%s %s: %s on %s is %.2f:1, needs %.1f:1", theme, r.what(),
                        theme.hex(r.foreground()), theme.hex(r.background()), ratio, r.minimum()));
            }
        }
        assertThat(failures).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ThemeColours.class)
    void everyRoleHasAColourAndACssVariable(ThemeColours theme) {
        for (ColourRole role : ColourRole.values()) {
            assertThat(theme.hex(role)).matches("#[0-9a-fA-F]{6}");
            assertThat(theme.cssVariables()).contains(role.cssVariable() + ": " + theme.hex(role) + ";");
        }
    }

    @Test
    void contrastMatchesTheWcagFormula() {
        assertThat(ThemeColours.contrast("#000000", "#ffffff")).isCloseTo(21.0, within(1e-9));
        assertThat(ThemeColours.contrast("#ffffff", "#ffffff")).isCloseTo(1.0, within(1e-9));
        // the colours the issue measured before the fix
        assertThat(ThemeColours.contrast("#8a8f98", "#ffffff")).isCloseTo(3.25, within(0.01));
        assertThat(ThemeColours.contrast("#ffffff", "#CC79A7")).isCloseTo(3.06, within(0.01));
        assertThat(ThemeColours.contrast("#D55E00", "#ffffff")).isCloseTo(3.87, within(0.01));
    }
}
