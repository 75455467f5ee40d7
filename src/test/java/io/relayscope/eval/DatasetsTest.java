package io.relayscope.eval;

import io.relayscope.engine.UserFacingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetsTest {
    @TempDir
    Path dir;

    @Test
    void readsOurFormatGsm8kAndMathStyleLines() throws Exception {
        Path f = dir.resolve("mixed.jsonl");
        Files.writeString(f, String.join("\n",
                "{\"question\": \"Eva has 10 shells. How many?\", \"answer\": 10, \"solution\": \"Answer: 10\"}",
                "",
                "{\"question\": \"Natalia sold clips. How many?\", \"answer\": \"48/2 = 24\\n#### 72\"}",
                "{\"problem\": \"What is 1/2?\", \"solution\": \"It is \\\\boxed{\\\\frac{1}{2}}.\"}") + "\n");
        List<Problem> ps = Datasets.read(f, 0);
        assertThat(ps).extracting(Problem::answer).containsExactly("10", "72", "\\frac{1}{2}");
        assertThat(ps).extracting(Problem::line).containsExactly(1, 3, 4);
        assertThat(Datasets.read(f, 2)).hasSize(2);
    }

    @Test
    void readsTheDemoDataset() {
        List<Problem> ps = Datasets.read(Path.of("assets/datasets/arith-test.jsonl"), 0);
        assertThat(ps).hasSize(500);
        assertThat(ps).allSatisfy(p -> assertThat(Answers.number(p.answer())).isNotNull());
    }

    @Test
    void aBadLineIsAOneLineErrorNamingIt() throws Exception {
        Path f = dir.resolve("bad.jsonl");
        Files.writeString(f, "{\"question\": \"q\", \"answer\": 1}\n{\"question\": \"q\", \"answer\": \n");
        assertThatThrownBy(() -> Datasets.read(f, 0)).isInstanceOf(UserFacingException.class)
                .hasMessageStartingWith("bad.jsonl line 2: not valid JSON").hasMessageNotContaining("\n");

        Files.writeString(f, "{\"question\": \"q\", \"answer\": 1}\n[1, 2]\n");
        assertThatThrownBy(() -> Datasets.read(f, 0)).hasMessageStartingWith("bad.jsonl line 2: expected a JSON object");

        Files.writeString(f, "{\"answer\": 1}\n");
        assertThatThrownBy(() -> Datasets.read(f, 0)).hasMessageContaining("line 1").hasMessageContaining("question");

        Files.writeString(f, "{\"question\": \"q\"}\n");
        assertThatThrownBy(() -> Datasets.read(f, 0)).hasMessageContaining("line 1: no \"answer\" field");

        Files.writeString(f, "\n\n");
        assertThatThrownBy(() -> Datasets.read(f, 0)).hasMessageContaining("no problems");

        assertThatThrownBy(() -> Datasets.read(dir.resolve("absent.jsonl"), 0)).hasMessageContaining("no such dataset file");
    }
}
