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

/**
 * Sample questions for the prompt editor, read from the first-grammar test set (arith-test-v1.jsonl): the committed demo
 * models were trained on that wording; switch to arith-test.jsonl (the wider grammar) once the retrained pair is committed.
 */
public final class SampleQuestions {
    public static final String DATASET = "arith-test-v1.jsonl";
    private static final List<String> FALLBACK = List.of(
            "Eva has 10 shells, loses 5, gets 35, finds 22 and loses 2. How many?",
            "Tom has 32 stamps, sells 17 and gives away 12. How many?");

    private SampleQuestions() {
    }

    /** Up to {@code max} questions; a few built-in ones when the data set is missing. */
    public static List<String> load(int max) {
        return load(DemoModels.dataset(DATASET), max);
    }

    public static List<String> load(Path file, int max) {
        List<String> out = new ArrayList<>();
        if (Files.isRegularFile(file)) {
            ObjectMapper json = new ObjectMapper();
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while (out.size() < max && (line = r.readLine()) != null) {
                    if (!line.isBlank()) {
                        JsonNode q = json.readTree(line).get("question");
                        if (q != null && q.isTextual()) {
                            out.add(q.asText());
                        }
                    }
                }
            } catch (Exception e) {
                out.clear();
            }
        }
        return out.isEmpty() ? FALLBACK : out;
    }
}
