package io.relayscope.app;

import io.relayscope.app.model.ConfidenceBucket;
import io.relayscope.trace.Source;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;
import io.relayscope.trace.palette.ColourRole;
import io.relayscope.trace.palette.ThemeColours;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.framework.junit5.ApplicationExtension;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.relayscope.app.AppFixture.fx;
import static io.relayscope.app.AppFixture.fxRun;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heat map (the Confidence toggle) on a recorded sample of the demo SLM: tokens the SLM was unsure of are shaded
 * behind their text with the palette's heat colours (one per probability band, in both themes), their text stays in
 * the theme's text colour, so the band never rests on hue alone, and a legend names every band.
 */
@ExtendWith(ApplicationExtension.class)
class HeatMapWindowTest {
    @RegisterExtension
    final AppFixture app = new AppFixture();

    /** Visible, and every parent too. */
    private static boolean shown(Node n) {
        for (Node at = n; at != null; at = at.getParent()) {
            if (!at.isVisible()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void unsureTokensAreShadedBehindThemeColouredTextWithALegendInBothThemes() throws Exception {
        Path file = Path.of("sample-sessions/slm-only.json");
        Trace trace = TraceCodec.read(file);
        Set<Integer> bands = trace.tokens().stream().filter(t -> t.source() == Source.SLM).map(ConfidenceBucket::of)
                .filter(b -> b < ConfidenceBucket.COUNT - 1).collect(Collectors.toSet());
        assertThat(bands).as(file + " holds SLM tokens below p 0.8 to shade").isNotEmpty();
        fxRun(() -> {
            app.stage.setWidth(1280);
            app.stage.setHeight(800);
            app.vm.show(trace);
            app.vm.tokens().colorByConfidenceProperty().set(true);
        });
        for (ThemeColours theme : ThemeColours.values()) {
            fxRun(() -> app.vm.darkThemeProperty().set(theme == ThemeColours.DARK));
            WaitForFx.events();
            List<Label> shaded = fx(() -> {
                app.stage.getScene().getRoot().applyCss();
                return app.view.lookupAll(".heat-token").stream().map(n -> (Label) n).toList();
            });
            assertThat(shaded).as(theme + ": shaded tokens").isNotEmpty();
            for (Label l : shaded) {
                int band = fx(() -> l.getStyleClass().stream().filter(c -> c.matches("heat-\\d")).findFirst()
                        .map(c -> c.charAt(5) - '0').orElse(-1));
                assertThat(band).isBetween(0, ConfidenceBucket.COUNT - 2);
                Color fill = fx(() -> (Color) l.getBackground().getFills().get(0).getFill());
                assertThat(fill).as(theme + " band " + band + " background")
                        .isEqualTo(Color.web(theme.hex(ColourRole.values()[ColourRole.HEAT_0.ordinal() + band])));
                assertThat(fx(() -> (Color) l.getTextFill())).as(theme + ": the text of a shaded token")
                        .isEqualTo(Color.web(theme.hex(ColourRole.TEXT)));
            }
            // the legend: the caption and a swatch per band, the source legend hidden meanwhile
            for (int b = 0; b < ConfidenceBucket.COUNT; b++) {
                String swatchClass = ".swatch-heat-" + b;
                Node swatch = fx(() -> app.view.lookup("#tokenLegend").lookup(swatchClass));
                assertThat(swatch).as(swatchClass).isNotNull();
                assertThat(fx(() -> shown(swatch))).as(swatchClass + " shown").isTrue();
            }
            String legend = fx(() -> app.view.lookup("#tokenLegend").lookupAll(".label").stream()
                    .filter(HeatMapWindowTest::shown).map(n -> ((Label) n).getText()).collect(Collectors.joining(" | ")));
            assertThat(legend).contains("Shading: the SLM's probability of its token");
            for (String band : ConfidenceBucket.LABELS) {
                assertThat(legend).contains(band);
            }
            assertThat(legend).doesNotContain("LLM (underlined)");
            app.snapshot("heat-map-" + theme.name().toLowerCase(java.util.Locale.ROOT));
        }
    }
}
