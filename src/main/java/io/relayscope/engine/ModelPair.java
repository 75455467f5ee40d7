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

    private ModelPair(CausalLm slm, CausalLm llm) {
        this.slm = slm;
        this.llm = llm;
    }

    /** Opens both model folders with their most precise variants; fails with a one-line {@link UserFacingException}. */
    public static ModelPair open(Path slmDir, Path llmDir) {
        return open(slmDir, Optional.empty(), llmDir, Optional.empty());
    }

    /** Opens both model folders with the named variants (empty: the most precise one each folder holds). */
    public static ModelPair open(Path slmDir, Optional<String> slmVariant, Path llmDir, Optional<String> llmVariant) {
        CausalLm slm = OnnxCausalLm.open(slmDir, slmVariant);
        try {
            CausalLm llm = OnnxCausalLm.open(llmDir, llmVariant);
            int shared;
            try {
                shared = slm.tokenizer().sharedVocabulary(llm.tokenizer(), slmDir, llmDir);
            } catch (RuntimeException e) {
                llm.close();
                throw e;
            }
            boolean same = shared == slm.tokenizer().vocabSize() && shared == llm.tokenizer().vocabSize();
            return new ModelPair(slm, same ? llm : new SharedVocabularyLm(llm, slm.tokenizer(), shared));
        } catch (RuntimeException e) {
            slm.close();
            throw e;
        }
    }

    /**
     * Opens a pair where either model may be on a server (not both: the local one's tokenizer is the pair's
     * vocabulary); the local model opens first, then the remote one connects and checks its tokenizer.
     */
    public static ModelPair open(ModelSource slm, ModelSource llm) {
        if (slm instanceof ModelSource.Folder s && llm instanceof ModelSource.Folder l) {
            return open(s.dir(), s.variant(), l.dir(), l.variant());
        }
        if (slm instanceof ModelSource.Remote && llm instanceof ModelSource.Remote) {
            throw new UserFacingException("both models are remote; keep one as a local folder (its tokenizer.json is the "
                    + "pair's vocabulary), e.g. --slm DIR with --llm-url");
        }
        boolean slmLocal = slm instanceof ModelSource.Folder;
        ModelSource.Folder local = (ModelSource.Folder) (slmLocal ? slm : llm);
        ModelSource.Remote remote = (ModelSource.Remote) (slmLocal ? llm : slm);
        CausalLm opened = OnnxCausalLm.open(local.dir(), local.variant());
        try {
            CausalLm far = RemoteCausalLm.connect(remote.endpoint(), opened, slmLocal ? "LLM" : "SLM");
            return slmLocal ? new ModelPair(opened, far) : new ModelPair(far, opened);
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /** A pair of already opened models (tests use scripted models for protocol edge cases). */
    public static ModelPair of(CausalLm slm, CausalLm llm) {
        return new ModelPair(slm, llm);
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
