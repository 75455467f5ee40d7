package io.relayscope.engine;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The small (controller) and large (helper) model of a relay, sharing one vocabulary, or one base vocabulary with
 * tokens added on top of it by one of them (see {@link SharedVocabularyLm}).
 */
public final class ModelPair implements AutoCloseable {
    private final CausalLm slm;
    private final CausalLm llm;
    private final boolean textBridge;

    private ModelPair(CausalLm slm, CausalLm llm, boolean textBridge) {
        this.slm = slm;
        this.llm = llm;
        this.textBridge = textBridge;
    }

    /**
     * Pairs two opened models by their tokenizers: one vocabulary (ids pass as they are), one with tokens added on
     * top of the other's ({@link SharedVocabularyLm}), or two different ones (the text bridge: each model reads the
     * other's text in its own tokens).
     */
    public static ModelPair matched(CausalLm slm, CausalLm llm) {
        java.util.OptionalInt shared = slm.tokenizer().commonVocabulary(llm.tokenizer());
        if (shared.isEmpty()) {
            return new ModelPair(slm, llm, true);
        }
        boolean same = shared.getAsInt() == slm.tokenizer().vocabSize() && shared.getAsInt() == llm.tokenizer().vocabSize();
        return new ModelPair(slm, same ? llm : new SharedVocabularyLm(llm, slm.tokenizer(), shared.getAsInt()), false);
    }

    /** Opens both model folders with their most precise variants; fails with a one-line {@link UserFacingException}. */
    public static ModelPair open(Path slmDir, Path llmDir) {
        return open(slmDir, Optional.empty(), llmDir, Optional.empty());
    }

    /** Opens both model folders with the named variants (empty: the most precise one each folder holds). */
    public static ModelPair open(Path slmDir, Optional<String> slmVariant, Path llmDir, Optional<String> llmVariant) {
        CausalLm slm = OnnxCausalLm.open(slmDir, slmVariant);
        try {
            return matched(slm, OnnxCausalLm.open(llmDir, llmVariant));
        } catch (RuntimeException e) {
            slm.close();
            throw e;
        }
    }

    /**
     * Opens a pair where either model, or both, may be on a server. A remote model's tokenizer (and template) comes
     * from its tokenizer folder when given, else from the other model's; both remote need at least one folder. The
     * tokenizers then decide the pairing as for two folders ({@link #matched}): one vocabulary, or the text bridge.
     */
    public static ModelPair open(ModelSource slm, ModelSource llm) {
        if (slm instanceof ModelSource.Folder s && llm instanceof ModelSource.Folder l) {
            return open(s.dir(), s.variant(), l.dir(), l.variant());
        }
        java.util.List<AutoCloseable> opened = new java.util.ArrayList<>();
        try {
            CausalLm slmLocal = slm instanceof ModelSource.Folder s ? keep(opened, OnnxCausalLm.open(s.dir(), s.variant())) : null;
            CausalLm llmLocal = llm instanceof ModelSource.Folder l ? keep(opened, OnnxCausalLm.open(l.dir(), l.variant())) : null;
            CausalLm slmModel = slmLocal != null ? slmLocal : keep(opened, remote((ModelSource.Remote) slm, llmLocal, llm, "SLM"));
            CausalLm llmModel = llmLocal != null ? llmLocal : keep(opened, remote((ModelSource.Remote) llm, slmLocal, slm, "LLM"));
            return matched(slmModel, llmModel);
        } catch (RuntimeException e) {
            for (int i = opened.size() - 1; i >= 0; i--) {
                try {
                    opened.get(i).close();
                } catch (Exception ignored) {
                    // already failing
                }
            }
            throw e;
        }
    }

    /** A remote model standing on a tokenizer folder of its own (closed with it). */
    private static RemoteCausalLm withFolder(ModelSource.Remote remote, Path folder, String role) {
        TokenizerFolder texts = TokenizerFolder.open(folder);
        try {
            return RemoteCausalLm.connect(remote.endpoint(), texts, role, true);
        } catch (RuntimeException e) {
            texts.close();
            throw e;
        }
    }

    private static CausalLm keep(java.util.List<AutoCloseable> opened, CausalLm model) {
        opened.add(model);
        return model;
    }

    /** Connects a remote model with its own tokenizer folder, else the other model's (local, or its folder). */
    private static RemoteCausalLm remote(ModelSource.Remote remote, CausalLm otherLocal, ModelSource other, String role) {
        if (remote.tokenizerFolder().isPresent()) {
            return withFolder(remote, remote.tokenizerFolder().get(), role);
        }
        if (otherLocal != null) {
            return RemoteCausalLm.connect(remote.endpoint(), otherLocal, role);
        }
        if (other instanceof ModelSource.Remote r && r.tokenizerFolder().isPresent()) {
            return withFolder(remote, r.tokenizerFolder().get(), role);
        }
        throw new UserFacingException("both models are remote and neither has a tokenizer folder; give --slm-tokenizer DIR "
                + "or --llm-tokenizer DIR (a folder with the model's tokenizer.json, e.g. huggingface-cli download "
                + "Qwen/Qwen3-8B --include \"*.json\" --local-dir DIR)");
    }

    /**
     * True when the two tokenizers differ, so the relay runs at text level: each model gets its own chat template
     * over the question, keeps its own KV cache and tokens, and encodes only the other model's new text.
     */
    public boolean textBridge() {
        return textBridge;
    }

    /**
     * A pair of already opened models as they are (tests use scripted models for protocol edge cases; bench wraps
     * opened ones); through the text bridge when their tokenizers differ.
     */
    public static ModelPair of(CausalLm slm, CausalLm llm) {
        TextTokenizer a = slm.tokenizer();
        TextTokenizer b = llm.tokenizer();
        return new ModelPair(slm, llm, a != null && b != null && a != b && a.commonVocabulary(b).isEmpty());
    }

    /** The embedded demo pair: the relay SLM when present, else the base SLM, with the large demo model. */
    public static ModelPair openDemo() {
        return open(DemoModels.defaultSlm(), DemoModels.llm());
    }

    public CausalLm slm() {
        return slm;
    }

    public CausalLm llm() {
        return llm;
    }

    @Override
    public void close() {
        slm.close();
        llm.close();
    }
}
