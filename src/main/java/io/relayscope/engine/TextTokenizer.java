package io.relayscope.engine;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A Hugging Face tokenizer.json opened through DJL (no truncation, no padding, no added special tokens), plus the
 * raw bytes of every token so partial UTF-8 tokens render correctly.
 */
public final class TextTokenizer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HuggingFaceTokenizer hf;
    private final Native shared;
    private boolean closed;
    private final Path file;
    private final String[] pieces;
    private final byte[][] bytes;
    private final boolean[] special;
    private final Map<String, Integer> specialIds;
    private final String sha256;
    /** The id of each single-byte token (byte-level BPE, byte fallback, byte vocabularies), -1 where none; lazy. */
    private int[] byteIds;
    private java.util.Map<java.nio.ByteBuffer, Integer> byBytes;

    private TextTokenizer(Native shared, Path file, String[] pieces, byte[][] bytes, boolean[] special,
                          Map<String, Integer> specialIds, String sha256) {
        this.shared = shared;
        this.hf = shared.hf;
        this.file = file;
        this.pieces = pieces;
        this.bytes = bytes;
        this.special = special;
        this.specialIds = specialIds;
        this.sha256 = sha256;
    }

    /**
     * Loads a tokenizer.json; a one-line {@link UserFacingException} when it is missing or unreadable. DJL's native
     * tokenizer is built on another thread while this one reads the vocabulary (a streaming parse that skips the
     * merges) and hashes the file; the vocabulary and hash of the last few files are kept by path, size and
     * modification time, so a pair reopened with another variant parses nothing again, and while one tokenizer of a
     * file is open, another load of it (the LLM of a pair sharing the SLM's tokenizer.json) shares its native
     * tokenizer (see docs/results/tokenizer-load.md).
     */
    public static TextTokenizer load(Path tokenizerJson) {
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new UserFacingException(tokenizerJson + ": no tokenizer.json; put the model's Hugging Face tokenizer.json next to model.onnx");
        }
        FileKey key = FileKey.of(tokenizerJson);
        Native live = Native.acquire(key);
        CompletableFuture<HuggingFaceTokenizer> hf = live != null ? CompletableFuture.completedFuture(live.hf)
                : CompletableFuture.supplyAsync(() -> nativeTokenizer(tokenizerJson), BUILDER);
        Parsed parsed;
        try {
            parsed = parsed(key, tokenizerJson);
        } catch (RuntimeException e) {
            if (live != null) {
                live.release();
            } else {
                hf.thenAccept(HuggingFaceTokenizer::close);
            }
            throw e;
        }
        if (live == null) {
            try {
                live = Native.register(key, hf.join());
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        VocabTable t = parsed.table();
        return new TextTokenizer(live, tokenizerJson, t.pieces(), t.bytes(), t.special(), t.specialIds(), parsed.sha256());
    }

    /**
     * DJL's native tokenizer of one file, shared by every open TextTokenizer of that file (the SLM and LLM of a pair
     * usually have the same tokenizer.json) and closed when the last of them closes.
     */
    private static final class Native {
        private static final Map<FileKey, Native> LIVE = new HashMap<>();
        final FileKey key;
        final HuggingFaceTokenizer hf;
        int refs = 1;

        private Native(FileKey key, HuggingFaceTokenizer hf) {
            this.key = key;
            this.hf = hf;
        }

        /** The live tokenizer of this file with one more user, or null when none is open. */
        static Native acquire(FileKey key) {
            synchronized (LIVE) {
                Native n = LIVE.get(key);
                if (n != null) {
                    n.refs++;
                }
                return n;
            }
        }

        /** A freshly built tokenizer; shared from now on unless another load of the file registered first. */
        static Native register(FileKey key, HuggingFaceTokenizer hf) {
            Native n = new Native(key, hf);
            synchronized (LIVE) {
                LIVE.putIfAbsent(key, n);
            }
            return n;
        }

        void release() {
            boolean last;
            synchronized (LIVE) {
                last = --refs == 0;
                if (last) {
                    LIVE.remove(key, this);
                }
            }
            if (last) {
                hf.close();
            }
        }
    }

    /** Builds DJL's native tokenizer threads: daemons, so a load in flight never keeps the JVM alive. */
    private static final java.util.concurrent.Executor BUILDER = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "relayscope-tokenizer");
        t.setDaemon(true);
        return t;
    });

    private static HuggingFaceTokenizer nativeTokenizer(Path tokenizerJson) {
        try {
            return HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson).optAddSpecialTokens(false)
                    .optTruncation(false).optPadding(false).build();
        } catch (IOException | RuntimeException e) {
            throw new UserFacingException(tokenizerJson + ": the tokenizer library cannot load it (" + firstLine(e) + ")");
        }
    }

    /** A file's vocabulary table and sha256, as cached. */
    private record Parsed(VocabTable table, String sha256) {
    }

    /** Which file a cache entry was read from: its real path, size and modification time. */
    private record FileKey(Path path, long size, long modified) {
        static FileKey of(Path file) {
            try {
                return new FileKey(file.toRealPath(), Files.size(file), Files.getLastModifiedTime(file).toMillis());
            } catch (IOException e) {
                throw new UserFacingException(file + ": cannot read (" + firstLine(e) + ")");
            }
        }
    }

    private static final int CACHED_FILES = 4;
    private static final Map<FileKey, Parsed> CACHE = new java.util.LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<FileKey, Parsed> eldest) {
            return size() > CACHED_FILES;
        }
    };

    private static Parsed parsed(FileKey key, Path file) {
        synchronized (CACHE) {
            Parsed hit = CACHE.get(key);
            if (hit != null) {
                return hit;
            }
        }
        Parsed fresh = new Parsed(VocabTable.read(file), Hashing.sha256(file));
        synchronized (CACHE) {
            CACHE.put(key, fresh);
        }
        return fresh;
    }

    /** Forgets parsed tokenizer files (benchmarks measure a first load with it). */
    static void clearCache() {
        synchronized (CACHE) {
            CACHE.clear();
        }
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

    /**
     * The token whose bytes are exactly these (an added token's content first, as {@link #encode} matches them),
     * or empty when no single token has them.
     */
    public synchronized OptionalInt idOfBytes(byte[] data) {
        if (byBytes == null) {
            java.util.Map<java.nio.ByteBuffer, Integer> map = new java.util.HashMap<>(bytes.length * 2);
            for (int id = 0; id < bytes.length; id++) {
                if (bytes[id] != null && bytes[id].length > 0) {
                    java.nio.ByteBuffer key = java.nio.ByteBuffer.wrap(bytes[id]);
                    if (special[id]) {
                        map.put(key, id);
                    } else {
                        map.putIfAbsent(key, id);
                    }
                }
            }
            byBytes = map;
        }
        Integer id = byBytes.get(java.nio.ByteBuffer.wrap(data));
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

    /** Whether both use one native tokenizer (loads of the same unchanged file while the other is open). */
    boolean sharesNativeTokenizerWith(TextTokenizer other) {
        return shared == other.shared;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        shared.release();
    }

    /** Token pieces, bytes and special flags read from tokenizer.json. */
    private record VocabTable(String[] pieces, byte[][] bytes, boolean[] special, Map<String, Integer> specialIds) {

        /**
         * One streaming pass over the file: model.vocab (an object of piece to id, or Unigram's array of [piece,
         * score]), added_tokens, and whether the decoder or pre-tokenizer is ByteLevel; everything else (the merges,
         * normalizer, post-processor) is skipped without building it.
         */
        static VocabTable read(Path file) {
            Map<Integer, String> byId = new HashMap<>(1 << 18);
            Map<String, Integer> specials = new HashMap<>();
            java.util.List<JsonNode> added = new java.util.ArrayList<>();
            boolean[] byteLevel = {false};
            boolean sawVocab;
            try (JsonParser p = JSON.createParser(file.toFile())) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new UserFacingException(file + ": not a JSON object; it is not a Hugging Face tokenizer file");
                }
                sawVocab = false;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    switch (name) {
                        case "model" -> sawVocab = model(p, value, byId) || sawVocab;
                        case "added_tokens" -> addedTokens(p, value, added);
                        case "decoder", "pre_tokenizer" -> byteLevel[0] |= value.isStructStart()
                                && JSON.readTree(p).toString().contains("ByteLevel");
                        default -> p.skipChildren();
                    }
                }
            } catch (IOException e) {
                throw new UserFacingException(file + ": not valid JSON (" + firstLine(e) + "); re-export the tokenizer");
            }
            if (!sawVocab) {
                throw new UserFacingException(file + ": no model.vocab in tokenizer.json; it is not a Hugging Face tokenizer file");
            }
            for (JsonNode a : added) { // added tokens win over vocab entries, wherever they stand in the file
                int id = a.path("id").asInt();
                String content = a.path("content").asText();
                byId.put(id, content);
                specials.put(content, id);
            }
            int size = byId.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
            String[] pieces = new String[size];
            byte[][] bytes = new byte[size][];
            boolean[] special = new boolean[size];
            for (Map.Entry<Integer, String> e : byId.entrySet()) {
                int id = e.getKey();
                String piece = e.getValue();
                pieces[id] = piece;
                special[id] = specials.containsKey(piece) && specials.get(piece) == id;
                bytes[id] = special[id] ? piece.getBytes(StandardCharsets.UTF_8) : ByteLevel.pieceBytes(piece, byteLevel[0]);
            }
            return new VocabTable(pieces, bytes, special, specials);
        }

        /** Reads model.vocab from the model object; true when there was one. */
        private static boolean model(JsonParser p, JsonToken value, Map<Integer, String> byId) throws IOException {
            if (value != JsonToken.START_OBJECT) {
                p.skipChildren();
                return false;
            }
            boolean found = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if ("vocab".equals(name) && v == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String piece = p.currentName();
                        p.nextToken();
                        byId.put(p.getIntValue(), piece);
                    }
                    found = true;
                } else if ("vocab".equals(name) && v == JsonToken.START_ARRAY) {
                    int i = 0;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        if (p.currentToken() == JsonToken.START_ARRAY) {
                            p.nextToken();
                            byId.put(i, p.getText());
                            p.skipChildren();
                            while (p.nextToken() != JsonToken.END_ARRAY) {
                                p.skipChildren();
                            }
                        } else {
                            byId.put(i, p.getText());
                        }
                        i++;
                    }
                    found = true;
                } else {
                    p.skipChildren();
                }
            }
            return found;
        }

        private static void addedTokens(JsonParser p, JsonToken value, java.util.List<JsonNode> added) throws IOException {
            if (value != JsonToken.START_ARRAY) {
                p.skipChildren();
                return;
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
                added.add(JSON.readTree(p));
            }
        }
    }
}
