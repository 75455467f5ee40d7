package io.relayscope.engine;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The LLM of a pair whose tokenizers share the ids below {@code shared} and differ only by tokens added on top (an
 * SLM fine-tuned with added {@code <call>} tokens). The LLM never samples an id at or above {@code shared} (they get
 * no probability), and an SLM-only id the LLM is shown becomes its text tokenised by the LLM's tokenizer. Complete
 * call commands never reach the LLM (the protocol shows it one space instead), so this covers only stray tags and
 * other added tokens.
 */
final class SharedVocabularyLm implements CausalLm {
    private final CausalLm llm;
    private final TextTokenizer slmTokenizer;
    private final int shared;

    SharedVocabularyLm(CausalLm llm, TextTokenizer slmTokenizer, int shared) {
        this.llm = llm;
        this.slmTokenizer = slmTokenizer;
        this.shared = shared;
    }

    @Override
    public String name() {
        return llm.name();
    }

    @Override
    public Path folder() {
        return llm.folder();
    }

    @Override
    public TextTokenizer tokenizer() {
        return llm.tokenizer();
    }

    @Override
    public ModelInfo info() {
        return llm.info();
    }

    @Override
    public int[] eosIds() {
        return llm.eosIds();
    }

    @Override
    public String promptTemplate() {
        return llm.promptTemplate();
    }

    @Override
    public KvSequence newSequence() {
        KvSequence inner = llm.newSequence();
        return new KvSequence() {
            @Override
            public float[] append(int[] tokens) {
                float[] logits = inner.append(translate(tokens));
                if (logits.length > shared) {
                    Arrays.fill(logits, shared, logits.length, Float.NEGATIVE_INFINITY);
                }
                return logits;
            }

            @Override
            public int length() {
                return inner.length();
            }

            @Override
            public ForwardStats stats() {
                return inner.stats();
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    /** The ids as the LLM reads them: shared ids unchanged, SLM-only ids as their text in the LLM's tokens. */
    int[] translate(int[] ids) {
        boolean plain = true;
        for (int id : ids) {
            plain &= id < shared;
        }
        if (plain) {
            return ids;
        }
        java.util.List<Integer> out = new java.util.ArrayList<>(ids.length + 4);
        for (int id : ids) {
            if (id < shared) {
                out.add(id);
            } else {
                for (int t : llm.tokenizer().encode(slmTokenizer.decode(new int[] {id}))) {
                    out.add(t);
                }
            }
        }
        if (out.isEmpty()) {
            return llm.tokenizer().encode(" ");
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public void close() {
        llm.close();
    }
}
