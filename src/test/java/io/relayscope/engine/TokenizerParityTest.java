package io.relayscope.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** DJL's HuggingFaceTokenizer must give the Python encoder's ids on the whole test split, specials and UTF-8 included. */
class TokenizerParityTest {

    @Test
    void encodeMatchesThePythonEncoderOnEveryFixtureRow() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("src/test/resources/tokenizer-parity.jsonl"));
        assertThat(lines).hasSizeGreaterThan(1000);
        ObjectMapper json = new ObjectMapper();
        try (TextTokenizer tok = TestModels.tokenizer()) {
            for (String line : lines) {
                JsonNode row = json.readTree(line);
                String text = row.get("text").asText();
                int[] expected = json.convertValue(row.get("ids"), int[].class);
                assertThat(tok.encode(text)).as(text).containsExactly(expected);
                assertThat(tok.decode(expected)).isEqualTo(text);
            }
        }
    }

    @Test
    void tokenBytesAndSpecialTokens() {
        try (TextTokenizer tok = TestModels.tokenizer()) {
            assertThat(tok.vocabSize()).isEqualTo(260);
            assertThat(tok.tokenBytes(' ')).containsExactly(' ');
            assertThat(tok.tokenBytes('\n')).containsExactly('\n');
            assertThat(tok.tokenBytes(0xC3)).containsExactly((byte) 0xC3);
            assertThat(tok.specialId("<call>")).hasValue(257);
            assertThat(tok.isSpecial(257)).isTrue();
            assertThat(tok.isSpecial('a')).isFalse();
            assertThat(new String(tok.tokenBytes(258), StandardCharsets.UTF_8)).isEqualTo("</call>");
        }
    }
}
