package io.relayscope.cli;

import io.relayscope.trace.policy.PolicyCatalogue;
import io.relayscope.trace.policy.PolicyInfo;
import io.relayscope.trace.policy.PolicyParameter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One catalogue of policies: no layer spells a policy name, a parameter key or a policy help text itself, and the
 * CLI's help is the catalogue's text (the app's tooltips are checked in SettingsFieldsTest).
 */
class PolicyCatalogueTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path CATALOGUE = SOURCES.resolve("io/relayscope/trace/policy/PolicyCatalogue.java");
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");

    @Test
    void noSourceFileOutsideTheCatalogueSpellsAPolicyNameOrParameterKey() throws IOException {
        List<String> words = new ArrayList<>(PolicyCatalogue.NAMES);
        // "p" and "entropy" are also ordinary words of the trace format (a token's entropy), so only the distinctive keys
        words.add(PolicyCatalogue.THRESHOLD);
        words.add(PolicyCatalogue.CALL_TOKENS);
        List<String> found = new ArrayList<>();
        for (Path file : sources()) {
            Matcher m = LITERAL.matcher(Files.readString(file));
            while (m.find()) {
                if (words.contains(m.group(1))) {
                    found.add(SOURCES.relativize(file) + ": \"" + m.group(1) + "\"");
                }
            }
        }
        assertThat(found).as("policy names and keys spelt outside PolicyCatalogue").isEmpty();
        assertThat(Files.readString(CATALOGUE)).contains("\"" + PolicyCatalogue.MODEL_COMMAND + "\"");
    }

    @Test
    void noSourceFileOutsideTheCatalogueRepeatsAPolicyText() throws IOException {
        List<String> texts = new ArrayList<>();
        for (PolicyInfo i : PolicyCatalogue.CATALOGUE) {
            if (i.summary().length() >= 20) { // "the LLM alone" is ordinary English elsewhere
                texts.add(i.summary());
            }
            texts.add(fragment(i.help()));
        }
        for (PolicyParameter p : PolicyCatalogue.PARAMETERS) {
            texts.add(p.label());
            texts.add(fragment(p.help()));
        }
        List<String> found = new ArrayList<>();
        for (Path file : sources()) {
            String src = Files.readString(file);
            for (String t : texts) {
                if (src.contains(t)) {
                    found.add(SOURCES.relativize(file) + ": " + t);
                }
            }
        }
        assertThat(found).as("policy texts repeated outside PolicyCatalogue").isEmpty();
    }

    @Test
    void theCommandLineHelpIsTheCatalogues() {
        String help = Cli.run("run", "--help").out().replaceAll("\\s+", " ");
        for (PolicyInfo i : PolicyCatalogue.CATALOGUE) {
            assertThat(help).contains(i.name() + " (" + i.summary() + ")");
        }
        for (PolicyParameter p : PolicyCatalogue.PARAMETERS) {
            assertThat(help).as(p.option()).contains(p.option());
            assertThat(help).as(p.option()).contains(PolicyHelp.parameter(p).replaceAll("\\s+", " "));
        }
        assertThat(help).contains("default: " + PolicyCatalogue.MODEL_COMMAND);
        assertThat(Cli.run("eval", "--help").out().replaceAll("\\s+", " ")).contains(PolicyHelp.parameter(
                PolicyCatalogue.parameter(PolicyCatalogue.CALL_TOKENS)).replaceAll("\\s+", " "));
    }

    @Test
    void aParameterOfAnotherPolicyIsAUsageErrorNamingItsUsersFromTheCatalogue() {
        Cli.Result r = Cli.run("run", "--policy", PolicyCatalogue.SLM_ONLY, "--call-tokens", "3", "x");
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("--call-tokens does not apply to the slm-only policy; it is used by confidence and random-token");
    }

    /** The first 40 characters of a help text: long enough to be a copy, short enough to survive a reflowed line. */
    private static String fragment(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40);
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> s = Files.walk(SOURCES)) {
            return s.filter(p -> p.toString().endsWith(".java")).filter(p -> !p.equals(CATALOGUE)).sorted().toList();
        }
    }
}
