package io.relayscope.app.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relayscope.engine.DemoModels;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sample questions for the prompt editor: the first-minute question first, then the test set of the demo task's
 * grammar (arith-test.jsonl, the wordings the committed demo pair was trained on), each with its expected answer so a
 * run can be marked right or wrong.
 */
public final class SampleQuestions {
    public static final String DATASET = "arith-test.jsonl";
    /**
     * The question the app opens with: under the default policy the committed relay pair calls the LLM once, for the
     * number the small model gets wrong (its language model alone writes 73-43=20), and answers right; tiny-slm-base
     * alone answers 93 (a test holds the committed models to that).
     */
    public static final String FIRST_MINUTE = "Noah carries 54 oranges: he gives away fifty-three oranges, collects 82 "
            + "more oranges, sells ten and sells forty-three. How many?";
    public static final String FIRST_MINUTE_ANSWER = "30";
    private static final String SECOND = "Rosa lost 5 and picked up 67 rocks. Earlier, she had 20 rocks. How many does "
            + "she have?";
    private static final List<String> FALLBACK = List.of(FIRST_MINUTE, SECOND);
    private static final Map<String, String> ANSWERS = new ConcurrentHashMap<>(Map.of(FIRST_MINUTE, FIRST_MINUTE_ANSWER,
            SECOND, "82"));

    private static volatile Optional<io.relayscope.eval.ArithGrammar> grammar;
    private static final java.util.Random FRESH = new java.util.Random();

    private SampleQuestions() {
    }

    /**
     * A fresh problem from the demo task's grammar (assets/datasets/arith-grammar.json, its training wordings, the
     * ones the demo pair was trained on), its answer remembered for the right/wrong check; empty when the grammar
     * file is not there.
     */
    public static Optional<String> drawNew() {
        return drawNew(FRESH);
    }

    /** As {@link #drawNew()}, from this random source. */
    public static Optional<String> drawNew(java.util.Random rng) {
        Optional<io.relayscope.eval.ArithGrammar> g = grammar;
        if (g == null) {
            java.nio.file.Path file = DemoModels.dataset("arith-grammar.json");
            try {
                g = Files.isRegularFile(file) ? Optional.of(io.relayscope.eval.ArithGrammar.read(file)) : Optional.empty();
            } catch (io.relayscope.engine.UserFacingException e) {
                g = Optional.empty();
            }
            grammar = g;
        }
        return g.map(gr -> {
            io.relayscope.eval.ArithGrammar.Drawn d = gr.draw(rng, io.relayscope.eval.ArithGrammar.TRAIN);
            ANSWERS.put(d.question().strip(), Integer.toString(d.answer()));
            return d.question();
        });
    }

    /** Up to {@code max} questions; a few built-in ones when the data set is missing. */
    public static List<String> load(int max) {
        return load(DemoModels.dataset(DATASET), max);
    }

    /** The expected answer of a sample question (one loaded before, or the first-minute one). */
    public static Optional<String> expectedAnswer(String question) {
        return question == null ? Optional.empty() : Optional.ofNullable(ANSWERS.get(question.strip()));
    }

    public static List<String> load(Path file, int max) {
        List<String> out = new ArrayList<>();
        out.add(FIRST_MINUTE);
        if (Files.isRegularFile(file)) {
            ObjectMapper json = new ObjectMapper();
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while (out.size() < max && (line = r.readLine()) != null) {
                    if (!line.isBlank()) {
                        JsonNode row = json.readTree(line);
                        JsonNode q = row.get("question");
                        if (q != null && q.isTextual() && !out.contains(q.asText())) {
                            out.add(q.asText());
                            JsonNode a = row.get("answer");
                            if (a != null && !a.isNull()) {
                                ANSWERS.put(q.asText().strip(), a.asText());
                            }
                        }
                    }
                }
            } catch (Exception e) {
                out.clear();
            }
        }
        return out.size() <= 1 ? FALLBACK : out;
    }
}
