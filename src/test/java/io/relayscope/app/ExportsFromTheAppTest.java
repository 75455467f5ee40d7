package io.relayscope.app;

import io.relayscope.app.service.ExportFormat;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;
import io.relayscope.trace.Trace;
import io.relayscope.trace.palette.ColourRole;
import io.relayscope.trace.palette.ThemeColours;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static io.relayscope.app.AppFixture.fx;
import static io.relayscope.app.AppFixture.fxRun;
import static io.relayscope.app.AppFixture.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exports of a real relay run on the demo pair, made from the app: the CSV names each token's writer with the
 * app's colour for it, the Markdown's "who wrote what" rows name the LLM's tokens, and the HTML page draws the LLM's
 * tokens in the app's LLM colour.
 */
@ExtendWith(ApplicationExtension.class)
class ExportsFromTheAppTest {
    @RegisterExtension
    final AppFixture app = new AppFixture();

    @TempDir
    Path dir;

    private Path export(ExportFormat format) {
        Path file = dir.resolve("run." + format.extension());
        app.dialogs.exportAnswers.add(file);
        fxRun(() -> app.vm.document().export(format));
        waitFor(30, () -> Files.exists(file));
        app.waitIdle(30);
        return file;
    }

    @Test
    void csvMarkdownAndHtmlKeepEachTokensWriterInTheAppsColours(FxRobot robot) throws Exception {
        app.loadDemoModels();
        robot.clickOn("#runButton");
        app.waitIdle(120);
        Trace trace = fx(() -> app.vm.sessionView().currentTrace().orElseThrow());
        List<TokenRecord> llm = trace.tokens().stream().filter(t -> t.source() == Source.LLM).toList();
        assertThat(llm).as("the first Run relays: LLM tokens to export").isNotEmpty();

        // records end in CRLF; a token's own newline (the prompt's "\nA:") stays inside its quoted field
        List<String> rows = List.of(Files.readString(export(ExportFormat.CSV)).split("\r\n"));
        assertThat(rows).hasSize(trace.tokens().size() + 1);
        for (TokenRecord t : trace.tokens()) {
            String row = rows.get(t.index() + 1);
            assertThat(row).as("token " + t.index()).startsWith(t.index() + "," + t.id() + "," + t.source() + ",")
                    .endsWith("," + ThemeColours.LIGHT.hex(ColourRole.of(t.source())));
        }

        String md = Files.readString(export(ExportFormat.MARKDOWN));
        assertThat(md).contains("## Who wrote what").contains("| **LLM** | `" + llm.get(0).text());

        String html = Files.readString(export(ExportFormat.HTML)).toLowerCase(Locale.ROOT);
        assertThat(html).contains(ThemeColours.LIGHT.hex(ColourRole.LLM).toLowerCase(Locale.ROOT))
                .contains(ThemeColours.LIGHT.hex(ColourRole.SLM).toLowerCase(Locale.ROOT));
        assertThat(app.dialogs.errors()).isEmpty();
    }
}
