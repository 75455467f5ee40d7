package io.relayscope.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relayscope.engine.DemoModels;
import io.relayscope.engine.UserFacingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArithGrammarTest {
    private static final Path FILE = DemoModels.dataset("arith-grammar.json");
    private static final Pattern EQ = Pattern.compile("(\\d+)([-+*])(\\d+)=(\\d+)\\.");

    private static JsonNode json() throws Exception {
        return new ObjectMapper().readTree(Files.readString(FILE));
    }

    /** A regex matching any filling of a template's slots (as training/tests/test_task.py builds it). */
    private static Pattern pattern(String text) {
        String[] parts = text.split("\\{\\w+}", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            sb.append(i == 0 ? "" : ".+?").append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(sb.toString(), Pattern.DOTALL);
    }

    private static List<Pattern> templates(JsonNode g, String split) {
        List<Pattern> out = new ArrayList<>();
        g.get("templates").get(split).forEach(t -> out.add(pattern(t.get("text").asText())));
        return out;
    }

    /** The numbers a question states, digits or words, in order. */
    private static List<Integer> numbers(String question, ArithGrammar grammar) {
        List<String> words = new ArrayList<>();
        for (int x = 0; x <= 99; x++) {
            words.add(grammar.numberWords(x));
        }
        List<Integer> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\d+|[a-z]+(?:-[a-z]+)?").matcher(question.toLowerCase());
        while (m.find()) {
            String w = m.group();
            if (Character.isDigit(w.charAt(0))) {
                out.add(Integer.parseInt(w));
            } else if (words.contains(w)) {
                out.add(words.indexOf(w));
            }
        }
        return out;
    }

    @Test
    void drawsTrainingWordingsWithRightWorkedAnswersAndEveryStatedNumber() throws Exception {
        ArithGrammar grammar = ArithGrammar.read(FILE);
        JsonNode g = json();
        List<Pattern> train = templates(g, ArithGrammar.TRAIN);
        Set<String> held = new HashSet<>();
        g.get("subjects").get("heldout").forEach(s -> held.add(s.get("name").asText()));
        g.get("items").get("heldout").forEach(s -> held.add(s.asText()));
        g.get("containers").get("heldout").forEach(s -> held.add(s.asText()));
        List<Pattern> heldAsks = new ArrayList<>();
        g.get("asks").get("heldout").forEach(s -> heldAsks.add(Pattern.compile(pattern(s.asText()).pattern() + "$")));
        Random rng = new Random(7);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            ArithGrammar.Drawn d = grammar.draw(rng, ArithGrammar.TRAIN);
            seen.add(d.question());
            assertThat(train).as(d.question()).anyMatch(p -> p.matcher(d.question()).matches());
            for (String w : held) {
                assertThat(d.question()).as("held-out word " + w).doesNotContainPattern("\\b" + Pattern.quote(w) + "\\b");
            }
            assertThat(heldAsks).as(d.question()).noneMatch(p -> p.matcher(d.question()).find());
            Matcher m = EQ.matcher(d.solution());
            int last = -1;
            int count = 0;
            while (m.find()) {
                int a = Integer.parseInt(m.group(1));
                int b = Integer.parseInt(m.group(3));
                int c = Integer.parseInt(m.group(4));
                char op = m.group(2).charAt(0);
                assertThat(c).isEqualTo(op == '+' ? a + b : op == '-' ? a - b : a * b).isBetween(0, 99);
                last = c;
                count++;
            }
            assertThat(count).isBetween(2, 4);
            assertThat(d.answer()).isEqualTo(last);
            assertThat(d.solution()).endsWith("Answer: " + last);
            // every number the question states is a start value or a step's operand, and nothing else
            assertThat(numbers(d.question(), grammar)).as(d.question()).containsExactlyInAnyOrderElementsOf(d.given());
        }
        assertThat(seen).hasSizeGreaterThan(1990);
    }

    @Test
    void theHeldOutSplitUsesHeldOutTemplatesAndTheCommittedSetsMatchTheTemplates() throws Exception {
        ArithGrammar grammar = ArithGrammar.read(FILE);
        JsonNode g = json();
        List<Pattern> heldout = templates(g, ArithGrammar.HELDOUT);
        Random rng = new Random(3);
        for (int i = 0; i < 300; i++) {
            String q = grammar.draw(rng, ArithGrammar.HELDOUT).question();
            assertThat(heldout).as(q).anyMatch(p -> p.matcher(q).matches());
        }
        // the Python generator's committed problems fit the same templates this reader sees
        List<Pattern> train = templates(g, ArithGrammar.TRAIN);
        for (Problem p : Datasets.read(DemoModels.dataset("arith-test.jsonl"), 200)) {
            assertThat(train).as(p.question()).anyMatch(t -> t.matcher(p.question()).matches());
        }
        for (Problem p : Datasets.read(DemoModels.dataset("arith-paraphrase.jsonl"), 200)) {
            assertThat(heldout).as(p.question()).anyMatch(t -> t.matcher(p.question()).matches());
        }
        assertThat(grammar.numberWords(56)).isEqualTo("fifty-six");
        assertThat(grammar.numberWords(40)).isEqualTo("forty");
        assertThat(grammar.numberWords(13)).isEqualTo("thirteen");
    }

    @Test
    void aMissingOrForeignGrammarIsAOneLineError(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ArithGrammar.read(dir.resolve("none.json")))
                .isInstanceOf(UserFacingException.class).hasMessageContaining("none.json: no grammar file");
        Path other = dir.resolve("other.json");
        Files.writeString(other, "{\"format\": \"something-else\"}");
        assertThatThrownBy(() -> ArithGrammar.read(other)).isInstanceOf(UserFacingException.class)
                .hasMessageContaining("not a RelayScope arithmetic grammar").satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        Path partial = dir.resolve("partial.json");
        Files.writeString(partial, "{\"format\": \"relayscope-arith-grammar\", \"values\": {}}");
        assertThatThrownBy(() -> ArithGrammar.read(partial)).isInstanceOf(UserFacingException.class)
                .hasMessageContaining("has no \"number_words\"");
    }
}
