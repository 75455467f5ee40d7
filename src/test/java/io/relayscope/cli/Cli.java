package io.relayscope.cli;

import io.relayscope.engine.DemoModels;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the command line in-process with captured streams; requires the demo models (fails, never skips). */
final class Cli {

    /** What a command line printed and returned. */
    record Result(int code, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    private Cli() {
    }

    static Result run(String... args) {
        return runWithInput("", args);
    }

    static Result runWithInput(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Fails the test when a demo model is missing. */
    static void requireDemoModels() {
        for (Path p : new Path[] {DemoModels.slmBase(), DemoModels.llm()}) {
            if (!Files.isRegularFile(p.resolve("model.onnx"))) {
                throw new AssertionError("demo model missing: " + p.toAbsolutePath() + " (the tests need the committed demo models)");
            }
        }
        if (!Files.isRegularFile(DemoModels.dataset("arith-test-v1.jsonl"))) {
            throw new AssertionError("demo dataset missing: " + DemoModels.dataset("arith-test-v1.jsonl").toAbsolutePath());
        }
    }

    /** The first question of the first-grammar test set, whose wording the committed demo models know. */
    static String firstQuestion() throws Exception {
        String line = Files.readAllLines(DemoModels.dataset("arith-test-v1.jsonl")).get(0);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).get("question").asText();
    }
}
