package io.relayscope.cli;

import io.relayscope.trace.sampling.SamplingCatalogue;
import io.relayscope.trace.sampling.SamplingControl;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One catalogue of sampling and limit settings: the CLI's option help is the catalogue's text (the app's labels and
 * tooltips are checked in SettingsFieldsTest), and no other source file words a setting itself.
 */
class SamplingCatalogueTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path CATALOGUE = SOURCES.resolve("io/relayscope/trace/sampling/SamplingCatalogue.java");

    private static CommandLine.Model.OptionSpec option(String command, String name) {
        CommandLine.Model.OptionSpec o = new CommandLine(new Main(System.in, System.out, System.err)).getSubcommands().get(command).getCommandSpec()
                .findOption(name);
        assertThat(o).as(command + " " + name).isNotNull();
        return o;
    }

    @Test
    void everySettingsOptionHelpOfRunIsTheCataloguesText() {
        String help = Cli.run("run", "--help").out().replaceAll("\\s+", " ");
        for (SamplingControl c : SamplingCatalogue.CONTROLS) {
            CommandLine.Model.OptionSpec o = option("run", c.option());
            String text = String.join(" ", o.description());
            assertThat(text).as(c.option()).startsWith(SamplingCatalogue.optionHelp(c));
            assertThat(help).as(c.option()).contains(SamplingCatalogue.optionHelp(c).replaceAll("\\s+", " "));
            if (!c.flag()) {
                assertThat(text).as(c.option() + " names its default").matches(".*\\(default [0-9.]+\\)$");
                String shown = text.replaceAll(".*\\(default ([0-9.]+)\\)$", "$1");
                assertThat(shown).as(c.option() + " default").isEqualTo(c.defaultText());
            }
            c.llmOption().ifPresent(llm -> assertThat(String.join(" ", option("run", llm).description()))
                    .isEqualTo(SamplingCatalogue.llmOptionHelp(c)));
        }
        assertThat(String.join(" ", option("run", "--max-new-tokens").description())).endsWith("(default "
                + LimitOptions.DEFAULT_TOKENS + ")");
    }

    /**
     * One default per setting: a run given no sampling or limit option uses the catalogue's defaults (those the app's
     * settings panel starts from, SettingsFieldsTest), read back from the trace it writes; the option help names them.
     */
    @Test
    void aRunWithNoOptionsUsesTheCataloguesDefaults(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path out = dir.resolve("t.json");
        Cli.Result r = Cli.run("run", "--policy", "slm-only", "--out", out.toString(), "Q: 1+1?");
        assertThat(r.code()).as(r.err()).isZero();
        io.relayscope.trace.TraceHeader h = io.relayscope.trace.TraceCodec.read(out).header();
        assertThat((double) h.seed()).isEqualTo(SamplingCatalogue.control(SamplingCatalogue.SEED).defaultValue());
        assertThat((double) h.limits().maxNewTokens())
                .isEqualTo(SamplingCatalogue.control(SamplingCatalogue.MAX_NEW_TOKENS).defaultValue());
        assertThat((double) h.limits().maxCalls()).isEqualTo(SamplingCatalogue.control(SamplingCatalogue.MAX_CALLS).defaultValue());
        for (SamplingControl c : SamplingCatalogue.CONTROLS) {
            if (!c.flag()) {
                assertThat(String.join(" ", option("eval", c.option()).description())).as("eval " + c.option())
                        .endsWith("(default " + c.defaultText() + ")");
            }
        }
    }

    @Test
    void evalPaperTableAndBenchReadTheSameTexts() {
        for (String command : List.of("eval", "paper-table", "bench")) {
            for (SamplingControl c : SamplingCatalogue.CONTROLS) {
                if (c.flag()) {
                    continue; // --shadow of run only reads the catalogue; eval words its report
                }
                CommandLine.Model.OptionSpec o = new CommandLine(new Main(System.in, System.out, System.err)).getSubcommands().get(command)
                        .getCommandSpec().findOption(c.option());
                if (o != null) {
                    assertThat(String.join(" ", o.description())).as(command + " " + c.option())
                            .startsWith(SamplingCatalogue.optionHelp(c));
                }
            }
        }
        assertThat(option("eval", "--top-p").description()).isNotEmpty();
    }

    @Test
    void noSourceFileOutsideTheCatalogueRepeatsASettingsText() throws IOException {
        List<String> texts = new ArrayList<>();
        for (SamplingControl c : SamplingCatalogue.CONTROLS) {
            texts.add(c.help().length() <= 40 ? c.help() : c.help().substring(0, 40));
            if (c.label().length() >= 12) {
                texts.add(c.label());
            }
        }
        List<String> found = new ArrayList<>();
        try (Stream<Path> s = Files.walk(SOURCES)) {
            for (Path file : s.filter(p -> p.toString().endsWith(".java")).filter(p -> !p.equals(CATALOGUE)).toList()) {
                String src = Files.readString(file);
                for (String t : texts) {
                    if (src.contains(t)) {
                        found.add(SOURCES.relativize(file) + ": " + t);
                    }
                }
            }
        }
        assertThat(found).as("sampling texts repeated outside SamplingCatalogue").isEmpty();
    }
}
