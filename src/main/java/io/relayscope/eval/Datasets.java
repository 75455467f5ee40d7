package io.relayscope.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relayscope.engine.UserFacingException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads jsonl problem sets: one object per line with a question ("question", "problem" or "prompt") and an answer
 * ("answer", else "solution"); GSM8K's "... #### N" and MATH's \boxed{N} answers work too. Blank lines are skipped.
 */
public final class Datasets {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String[] QUESTION = {"question", "problem", "prompt"};
    private static final String[] ANSWER = {"answer", "final_answer", "solution"};

    private Datasets() {
    }

    /** Reads the first {@code limit} problems (all when limit <= 0); a bad line is a one-line error naming it. */
    public static List<Problem> read(Path file, int limit) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        List<Problem> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = r.readLine()) != null && (limit <= 0 || out.size() < limit)) {
                number++;
                if (!line.isBlank()) {
                    out.add(parse(line, name, number));
                }
            }
        } catch (NoSuchFileException e) {
            throw new UserFacingException(file + ": no such dataset file; give a jsonl file with one problem per line");
        } catch (CharacterCodingException e) {
            throw new UserFacingException(file + ": not UTF-8 text; save the dataset as UTF-8 jsonl");
        } catch (IOException e) {
            throw new UserFacingException(file + ": cannot read it (" + e.getMessage() + ")");
        }
        if (out.isEmpty()) {
            throw new UserFacingException(file + ": no problems in the file; expected one JSON object per line");
        }
        return out;
    }

    /** Parses one jsonl line. */
    static Problem parse(String line, String name, int number) {
        String where = name + " line " + number + ": ";
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new UserFacingException(where + "not valid JSON (" + oneLine(e.getOriginalMessage())
                    + "); each line must be one JSON object");
        }
        if (node == null || !node.isObject()) {
            throw new UserFacingException(where + "expected a JSON object with \"question\" and \"answer\"");
        }
        String question = text(node, QUESTION);
        if (question == null || question.isBlank()) {
            throw new UserFacingException(where + "no \"question\" (or \"problem\") text field");
        }
        String answerField = null;
        for (String key : ANSWER) {
            String v = text(node, key);
            if (v != null) {
                answerField = v;
                String ref = "solution".equals(key) ? Answers.extract(v) : Answers.reference(v);
                if (ref != null) {
                    return new Problem(number, question, ref);
                }
            }
        }
        throw new UserFacingException(where + (answerField == null ? "no \"answer\" field"
                : "the answer field holds no final answer") + "; give \"answer\": a number, or a solution ending in '#### N' or \\boxed{N}");
    }

    private static String text(JsonNode node, String... keys) {
        for (String k : keys) {
            JsonNode v = node.get(k);
            if (v != null && (v.isTextual() || v.isNumber())) {
                return v.asText();
            }
        }
        return null;
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
