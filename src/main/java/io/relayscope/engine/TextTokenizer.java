package io.relayscope.engine;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A Hugging Face tokenizer.json opened through DJL (no truncation, no padding, no added special tokens), plus the
 * raw bytes of every token so partial UTF-8 tokens render correctly.
 */
public final class TextTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer hf;
    private final Path file;
    private final String[] pieces;
    private final byte[][] bytes;
    private final boolean[] special;
    private final Map<String, Integer> specialIds;
    private final String sha256;
    /** The id of each single-byte token (byte-level BPE, byte fallback, byte vocabularies), -1 where none; lazy. */
    private int[] byteIds;

    private TextTokenizer(HuggingFaceTokenizer hf, Path file, String[] pieces, byte[][] bytes, boolean[] special,
                          Map<String, Integer> specialIds, String sha256) {
        this.hf = hf;
        this.file = file;
        this.pieces = pieces;
        this.bytes = bytes;
        this.special = special;
        this.specialIds = specialIds;
        this.sha256 = sha256;
    }

    /** Loads a tokenizer.json; a one-line {@link UserFacingException} when it is missing or unreadable. */
    public static TextTokenizer load(Path tokenizerJson) {
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new UserFacingException(tokenizerJson + ": no tokenizer.json; put the model's Hugging Face tokenizer.json next to model.onnx");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(tokenizerJson.toFile());
        } catch (IOException e) {
            throw new UserFacingException(tokenizerJson + ": not valid JSON (" + firstLine(e) + "); re-export the tokenizer");
        }
        VocabTable table = VocabTable.from(root, tokenizerJson);
        HuggingFaceTokenizer hf;
        try {
            hf = HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson).optAddSpecialTokens(false)
                    .optTruncation(false).optPadding(false).build();
        } catch (IOException | RuntimeException e) {
            throw new UserFacingException(tokenizerJson + ": the tokenizer library cannot load it (" + firstLine(e) + ")");
        }
        return new TextTokenizer(hf, tokenizerJson, table.pieces(), table.bytes(), table.special(), table.specialIds(),
                Hashing.sha256(tokenizerJson));
    }

    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    public int[] encode(String text) {
        long[] ids = hf.encode(text, false, false).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = (int) ids[i];
        }
        return out;
    }

    /**
     * Encodes raw bytes exactly where this tokenizer can: each run of valid UTF-8 as its text, and each byte that is
     * no valid UTF-8 (a character split by another tokenizer's token boundary) as this tokenizer's single-byte token
     * for it, or as U+FFFD when it has none.
     */
    public int[] encodeBytes(byte[] data) {
        java.util.List<int[]> parts = new java.util.ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < data.length) {
            int len = Utf8Runs.validAt(data, i);
            if (len > 0) {
                i += len;
                continue;
            }
            if (i > start) {
                parts.add(encode(new String(data, start, i - start, StandardCharsets.UTF_8)));
            }
            int id = byteId(data[i]);
            parts.add(id >= 0 ? new int[] {id} : encode("\uFFFD"));
            start = ++i;
        }
        if (i > start) {
            parts.add(encode(new String(data, start, i - start, StandardCharsets.UTF_8)));
        }
        return parts.stream().flatMapToInt(java.util.Arrays::stream).toArray();
    }

    private synchronized int byteId(byte b) {
        if (byteIds == null) {
            int[] table = new int[256];
            java.util.Arrays.fill(table, -1);
            for (int id = 0; id < bytes.length; id++) {
                if (bytes[id] != null && bytes[id].length == 1 && !special[id] && table[bytes[id][0] & 0xFF] < 0) {
                    table[bytes[id][0] & 0xFF] = id;
                }
            }
            byteIds = table;
        }
        return byteIds[b & 0xFF];
    }

    /** Decodes ids keeping special tokens (such as {@code <call>}) in the text. */
    public String decode(int[] ids) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            l[i] = ids[i];
        }
        return hf.decode(l, false);
    }

    /** The raw bytes a token stands for (UTF-8 of its content for special tokens). */
    public byte[] tokenBytes(int id) {
        return id >= 0 && id < bytes.length && bytes[id] != null ? bytes[id] : new byte[0];
    }

    /** The token's vocabulary entry as written in tokenizer.json. */
    public String piece(int id) {
        return id >= 0 && id < pieces.length && pieces[id] != null ? pieces[id] : "<unk:" + id + ">";
    }

    public boolean isSpecial(int id) {
        return id >= 0 && id < special.length && special[id];
    }

    public OptionalInt specialId(String content) {
        Integer id = specialIds.get(content);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** The id of a token given as its exact text: an added token, else a vocabulary piece. */
    public OptionalInt idOf(String token) {
        OptionalInt special = specialId(token);
        if (special.isPresent()) {
            return special;
        }
        for (int i = 0; i < pieces.length; i++) {
            if (token.equals(pieces[i])) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    public int vocabSize() {
        return pieces.length;
    }

    public Path file() {
        return file;
    }

    public String sha256() {
        return sha256;
    }

    /**
     * The number of ids both tokenizers map alike, checked token by token: both sizes when they are the same
     * vocabulary, the smaller one when one only adds tokens on top of the other (an SLM fine-tuned with added
     * {@code <call>} tokens). Fails with a one-line message when the shared part differs anywhere.
     */
    public int sharedVocabulary(TextTokenizer other, Path mine, Path theirs) {
        int i = firstDifference(other);
        if (i >= 0) {
            throw new UserFacingException("the SLM (" + mine + ") and LLM (" + theirs + ") tokenizers disagree at token id " + i
                    + " ('" + pieces[i] + "' vs '" + other.pieces[i] + "'; vocabulary sizes " + pieces.length + " and "
                    + other.pieces.length + "); choose two models that share one tokenizer");
        }
        return Math.min(pieces.length, other.pieces.length);
    }

    /**
     * The number of ids both tokenizers map alike (as {@link #sharedVocabulary}), or empty when they differ somewhere
     * in the shared part: then the two models can only exchange text (the text bridge).
     */
    public OptionalInt commonVocabulary(TextTokenizer other) {
        return firstDifference(other) >= 0 ? OptionalInt.empty() : OptionalInt.of(Math.min(pieces.length, other.pieces.length));
    }

    private int firstDifference(TextTokenizer other) {
        int shared = Math.min(pieces.length, other.pieces.length);
        for (int i = 0; i < shared; i++) {
            if (!java.util.Objects.equals(pieces[i], other.pieces[i])) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        hf.close();
    }

    /** Token pieces, bytes and special flags read from tokenizer.json. */
    private record VocabTable(String[] pieces, byte[][] bytes, boolean[] special, Map<String, Integer> specialIds) {

        static VocabTable from(JsonNode root, Path file) {
            JsonNode model = root.path("model");
            JsonNode vocab = model.path("vocab");
            Map<Integer, String> byId = new HashMap<>();
            if (vocab.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    byId.put(e.getValue().asInt(), e.getKey());
                }
            } else if (vocab.isArray()) {
                for (int i = 0; i < vocab.size(); i++) {
                    JsonNode entry = vocab.get(i);
                    byId.put(i, entry.isArray() ? entry.get(0).asText() : entry.asText());
                }
            } else {
                throw new UserFacingException(file + ": no model.vocab in tokenizer.json; it is not a Hugging Face tokenizer file");
            }
            Map<String, Integer> specials = new HashMap<>();
            for (JsonNode added : root.path("added_tokens")) {
                int id = added.path("id").asInt();
                String content = added.path("content").asText();
                byId.put(id, content);
                specials.put(content, id);
            }
            int size = byId.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
            String[] pieces = new String[size];
            byte[][] bytes = new byte[size][];
            boolean[] special = new boolean[size];
            boolean byteLevel = usesByteLevel(root);
            for (Map.Entry<Integer, String> e : byId.entrySet()) {
                int id = e.getKey();
                String piece = e.getValue();
                pieces[id] = piece;
                special[id] = specials.containsKey(piece) && specials.get(piece) == id;
                bytes[id] = special[id] ? piece.getBytes(StandardCharsets.UTF_8) : ByteLevel.pieceBytes(piece, byteLevel);
            }
            return new VocabTable(pieces, bytes, special, specials);
        }

        private static boolean usesByteLevel(JsonNode root) {
            return root.path("decoder").toString().contains("ByteLevel")
                    || root.path("pre_tokenizer").toString().contains("ByteLevel");
        }
    }
}
