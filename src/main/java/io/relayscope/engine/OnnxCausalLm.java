package io.relayscope.engine;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.onnxruntime.engine.OrtNDManager;
import ai.djl.onnxruntime.engine.OrtSymbolBlock;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A decoder from a model folder, run through DJL's ONNX Runtime engine ("OnnxRuntime"). Each
 * {@link #newSequence()} keeps its KV cache as native ONNX Runtime tensors.
 */
public final class OnnxCausalLm implements CausalLm {
    /** Models above this many parameters use several intra-op threads; tiny ones run fastest on one. */
    private static final long MULTI_THREAD_PARAMETERS = 20_000_000L;

    private final ModelFolder folder;
    private final Model model;
    private final OrtSymbolBlock block;
    private final OrtSession session;
    private final TextTokenizer tokenizer;
    private final DecoderSignature signature;
    private final ModelInfo info;
    private final int[] eosIds;
    private final String promptTemplate;
    private final java.util.Optional<io.relayscope.engine.chat.ChatTemplate> chatTemplate;
    private final GenerationDefaults generationDefaults;

    private OnnxCausalLm(ModelFolder folder, Model model, OrtSymbolBlock block, OrtSession session,
                         TextTokenizer tokenizer, DecoderSignature signature, ModelInfo info) {
        this.folder = folder;
        this.model = model;
        this.block = block;
        this.session = session;
        this.tokenizer = tokenizer;
        this.signature = signature;
        this.info = info;
        ModelTexts texts = ModelTexts.read(folder.dir(), folder.generationConfig(), folder.config(), tokenizer);
        this.eosIds = texts.eosIds();
        this.promptTemplate = texts.promptTemplate();
        this.chatTemplate = texts.chatTemplate();
        this.generationDefaults = texts.defaults();
    }

    /** Opens a model folder with its most precise variant; any problem becomes a one-line {@link UserFacingException}. */
    public static OnnxCausalLm open(Path dir) {
        return open(dir, Optional.empty());
    }

    /**
     * Opens a model folder with the named variant ("q4"; empty: the most precise one the folder holds); any problem
     * becomes a one-line {@link UserFacingException} naming the path and the fix.
     */
    public static OnnxCausalLm open(Path dir, Optional<String> variant) {
        EngineSetup.ensureOffline();
        ModelFolder folder = ModelFolder.open(dir, variant);
        OnnxGraphFacts facts = ModelFolder.facts(folder.modelFile());
        long params = facts.parameterCount();
        TextTokenizer tokenizer = TextTokenizer.load(folder.tokenizerFile());
        OrtSession session = null;
        Model model = null;
        try {
            model = Model.newInstance(folder.name(), Device.cpu(), EngineSetup.ENGINE);
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtNatives.loaded(); // its stray temporary folder removed, so a killed process leaves none
            RuntimeSupport.requireRunnable(env.getVersion(), folder, facts);
            session = createSession(env, folder, params);
            DecoderSignature sig = DecoderSignature.read(session.getInputInfo(), session.getOutputInfo(),
                    folder.modelFile(), folder);
            NDManager manager = model.getNDManager();
            OrtSymbolBlock block = new OrtSymbolBlock(session, (OrtNDManager) manager);
            model.setBlock(block);
            ModelInfo info = new ModelInfo(sig.layers(), sig.kvHeads(), sig.headDim(), sig.kvType(),
                    tokenizer.vocabSize(), params, sig.hasPositionIds(),
                    Hashing.weights(folder.modelFile(), folder.variant().externalData()), folder.maxPositions());
            return new OnnxCausalLm(folder, model, block, session, tokenizer, sig, info);
        } catch (OrtException e) {
            closeQuietly(session, model, tokenizer);
            throw new UserFacingException(folder.modelFile() + ": ONNX Runtime cannot load it (" + TextTokenizer.firstLine(e)
                    + "); re-export the model with Optimum");
        } catch (RuntimeException e) {
            closeQuietly(session, model, tokenizer);
            throw e;
        }
    }

    /**
     * A session on the graph file (from the path, so external data next to it loads); a graph this runtime cannot
     * read (a newer IR version, an operator it lacks) is a one-line error naming the ONNX Runtime version.
     */
    static OrtSession createSession(OrtEnvironment env, ModelFolder folder, long params) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        int threads = params > MULTI_THREAD_PARAMETERS ? Math.max(1, Runtime.getRuntime().availableProcessors()) : 1;
        options.setIntraOpNumThreads(Integer.getInteger("relayscope.threads", threads));
        options.setInterOpNumThreads(1);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        try {
            return env.createSession(folder.modelFile().toString(), options);
        } catch (OrtException e) {
            throw new UserFacingException(folder.modelFile() + ": ONNX Runtime " + env.getVersion()
                    + " (the runtime RelayScope ships) cannot read this graph (" + TextTokenizer.firstLine(e)
                    + "); re-export it for that runtime (an older opset or IR version) or choose another variant");
        }
    }

    private static void closeQuietly(OrtSession session, Model model, TextTokenizer tokenizer) {
        try {
            if (model != null) {
                model.close();
            }
            if (session != null) {
                session.close();
            }
        } catch (Exception ignored) {
            // already failing
        }
        tokenizer.close();
    }

    @Override
    public String name() {
        return folder.variants().size() > 1 ? folder.name() + " (" + folder.variant().name() + ")" : folder.name();
    }

    /** The variant that runs and the folder's other variants. */
    public ModelFolder modelFolder() {
        return folder;
    }

    @Override
    public Path folder() {
        return folder.dir();
    }

    public Path modelFile() {
        return folder.modelFile();
    }

    @Override
    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public int[] eosIds() {
        return eosIds.clone();
    }

    @Override
    public String promptTemplate() {
        return promptTemplate;
    }

    @Override
    public java.util.Optional<io.relayscope.engine.chat.ChatTemplate> chatTemplate() {
        return chatTemplate;
    }

    @Override
    public GenerationDefaults generationDefaults() {
        return generationDefaults;
    }

    /**
     * A fresh sequence on the ONNX Runtime session DJL holds; {@code -Drelayscope.forward=djl-block} runs each
     * forward through DJL's generic OrtSymbolBlock instead (slower, kept for comparison).
     */
    @Override
    public KvSequence newSequence() {
        KvSequence seq = "djl-block".equals(System.getProperty("relayscope.forward")) ? newDjlBlockSequence()
                : new SessionKvSequence(session, signature, info.vocabSize());
        return info.maxPositions().isPresent() ? new PositionLimitedSequence(seq, name(), info.maxPositions().getAsInt()) : seq;
    }

    /** A sequence whose forwards go through DJL's OrtSymbolBlock.forward and NDManagers. */
    public KvSequence newDjlBlockSequence() {
        return new DjlBlockKvSequence(block, model.getNDManager(), signature, info.vocabSize());
    }

    DecoderSignature signature() {
        return signature;
    }

    OrtSession session() {
        return session;
    }

    @Override
    public void close() {
        model.close(); // closes the block and with it the ONNX Runtime session
        tokenizer.close();
    }
}
