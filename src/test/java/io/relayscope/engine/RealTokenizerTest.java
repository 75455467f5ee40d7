package io.relayscope.engine;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real user-brought tokenizer: Qwen3's 151k-entry byte-level BPE tokenizer.json through DJL. */
class RealTokenizerTest {
    @TempDir
    static Path tmp;
    private static TextTokenizer qwen;

    @BeforeAll
    static void load() throws Exception {
        Path json = tmp.resolve("tokenizer.json");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of("src/test/resources/tokenizers/qwen3-tokenizer.json.gz")))) {
            Files.copy(in, json);
        }
        qwen = TextTokenizer.load(json);
    }

    @AfterAll
    static void close() {
        qwen.close();
    }

    @Test
    void vocabularyAndSpecialTokens() {
        assertThat(qwen.vocabSize()).isGreaterThanOrEqualTo(151_669);
        assertThat(qwen.specialId("<|endoftext|>")).hasValue(151_643);
        assertThat(qwen.specialId("<|im_end|>")).hasValue(151_645);
        assertThat(qwen.isSpecial(151_645)).isTrue();
        assertThat(qwen.encode("<|im_start|>user")).startsWith(151_644);
    }

    @Test
    void tokenBytesRebuildTheExactUtf8OfAnyText() {
        for (String text : new String[] {"Hello world", "Mia has 57 cards.\n  Answer: 60", "naïve café — 日本語 🙂 👩‍👩‍👧",
                "def f(x):\n\treturn x ** 2  # ∑"}) {
            int[] ids = qwen.encode(text);
            assertThat(ids.length).isLessThan(text.getBytes(StandardCharsets.UTF_8).length);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int id : ids) {
                bytes.writeBytes(qwen.tokenBytes(id));
            }
            assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(text);
            assertThat(qwen.decode(ids)).isEqualTo(text);
        }
    }

    @Test
    void aDemoModelAndAQwenTokenizerAreRejectedAsAPair() {
        try (TextTokenizer demo = TestModels.tokenizer()) {
            assertThatThrownBy(() -> demo.sharedVocabulary(qwen, Path.of("slm"), Path.of("llm")))
                    .isInstanceOf(UserFacingException.class).hasMessageContaining("tokenizers disagree")
                    .hasMessageContaining("vocabulary sizes 260 and");
        }
    }
}
