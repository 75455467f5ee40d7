package io.relayscope.engine;

import java.nio.file.Path;

/** The small (controller) and large (helper) model of a relay, sharing one vocabulary. */
public final class ModelPair implements AutoCloseable {
    private final CausalLm slm;
    private final CausalLm llm;

    private ModelPair(CausalLm slm, CausalLm llm) {
        this.slm = slm;
        this.llm = llm;
    }

    /** Opens both model folders; fails with a one-line {@link UserFacingException} on any problem. */
    public static ModelPair open(Path slmDir, Path llmDir) {
        CausalLm slm = OnnxCausalLm.open(slmDir);
        try {
            CausalLm llm = OnnxCausalLm.open(llmDir);
            try {
                slm.tokenizer().requireSameVocabulary(llm.tokenizer(), slmDir, llmDir);
            } catch (RuntimeException e) {
                llm.close();
                throw e;
            }
            return new ModelPair(slm, llm);
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
            return open(s.dir(), l.dir());
        }
        if (slm instanceof ModelSource.Remote && llm instanceof ModelSource.Remote) {
            throw new UserFacingException("both models are remote; keep one as a local folder (its tokenizer.json is the "
                    + "pair's vocabulary), e.g. --slm DIR with --llm-url");
        }
        boolean slmLocal = slm instanceof ModelSource.Folder;
        ModelSource.Folder local = (ModelSource.Folder) (slmLocal ? slm : llm);
        ModelSource.Remote remote = (ModelSource.Remote) (slmLocal ? llm : slm);
        CausalLm opened = OnnxCausalLm.open(local.dir());
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
