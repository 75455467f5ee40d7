package io.relayscope.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A stand-in model for protocol edge cases: the next token is a function of the context; records what it is fed. */
final class ScriptedLm implements CausalLm {
    private final String name;
    private final TextTokenizer tokenizer;
    private final Function<List<Integer>, Integer> next;
    final List<int[]> feeds = new ArrayList<>();
    final List<Integer> context = new ArrayList<>();
    private int runnerUp = -1;

    ScriptedLm(String name, TextTokenizer tokenizer, Function<List<Integer>, Integer> next) {
        this.name = name;
        this.tokenizer = tokenizer;
        this.next = next;
    }

    /** Gives this token the second-highest logit at every step (what the model writes when its first choice is masked). */
    ScriptedLm withRunnerUp(int token) {
        this.runnerUp = token;
        return this;
    }

    /** Writes the given text token by token after the prompt, then end-of-sequence. */
    static ScriptedLm writing(String name, TextTokenizer tok, String text, int promptLength) {
        int[] script = tok.encode(text);
        return new ScriptedLm(name, tok, ctx -> {
            int i = ctx.size() - promptLength;
            return i < script.length ? script[i] : 256;
        });
    }

    String contextText() {
        return tokenizer.decode(context.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Path folder() {
        return null;
    }

    @Override
    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public ModelInfo info() {
        return new ModelInfo(1, 1, 1, ModelInfo.KvType.FLOAT32, tokenizer.vocabSize(), 1000, true, "scripted");
    }

    @Override
    public int[] eosIds() {
        return new int[] {256};
    }

    @Override
    public String promptTemplate() {
        return "{question}";
    }

    @Override
    public KvSequence newSequence() {
        context.clear();
        ForwardStats stats = new ForwardStats();
        return new KvSequence() {
            @Override
            public float[] append(int[] tokens) {
                feeds.add(tokens.clone());
                for (int t : tokens) {
                    context.add(t);
                }
                stats.record(tokens.length, 1);
                float[] logits = new float[tokenizer.vocabSize()];
                if (runnerUp >= 0) {
                    logits[runnerUp] = 20f;
                }
                logits[next.apply(List.copyOf(context))] = 30f;
                return logits;
            }

            @Override
            public int length() {
                return context.size();
            }

            @Override
            public ForwardStats stats() {
                return stats;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void close() {
    }
}
