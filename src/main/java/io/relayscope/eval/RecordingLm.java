package io.relayscope.eval;

import io.relayscope.engine.CausalLm;
import io.relayscope.engine.ForwardStats;
import io.relayscope.engine.KvSequence;
import io.relayscope.engine.ModelInfo;
import io.relayscope.engine.TextTokenizer;

import java.nio.file.Path;
import java.util.List;

/** A model wrapper that logs every forward (which model, which sequence, cache length before, tokens fed); close is a no-op. */
final class RecordingLm implements CausalLm {

    /** One logged forward. */
    record Forward(String role, int sequence, int lengthBefore, int[] tokens) {
    }

    private final CausalLm model;
    private final String role;
    private final List<Forward> log;
    private int sequences;

    RecordingLm(CausalLm model, String role, List<Forward> log) {
        this.model = model;
        this.role = role;
        this.log = log;
    }

    @Override
    public String name() {
        return model.name();
    }

    @Override
    public Path folder() {
        return model.folder();
    }

    @Override
    public TextTokenizer tokenizer() {
        return model.tokenizer();
    }

    @Override
    public ModelInfo info() {
        return model.info();
    }

    @Override
    public int[] eosIds() {
        return model.eosIds();
    }

    @Override
    public String promptTemplate() {
        return model.promptTemplate();
    }

    @Override
    public java.util.Optional<io.relayscope.engine.chat.ChatTemplate> chatTemplate() {
        return model.chatTemplate();
    }

    @Override
    public io.relayscope.engine.GenerationDefaults generationDefaults() {
        return model.generationDefaults();
    }

    @Override
    public KvSequence newSequence() {
        KvSequence inner = model.newSequence();
        int id = sequences++;
        return new KvSequence() {
            @Override
            public float[] append(int[] tokens) {
                log.add(new Forward(role, id, inner.length(), tokens.clone()));
                return inner.append(tokens);
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

    @Override
    public void close() {
        // the wrapped model belongs to the caller
    }
}
