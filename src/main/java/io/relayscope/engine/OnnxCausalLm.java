package io.relayscope.engine;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.onnxruntime.engine.OrtNDManager;
import ai.djl.onnxruntime.engine.OrtSymbolBlock;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Path;

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
        JsonNode tokenizerConfig = io.relayscope.engine.chat.ChatTemplate.readConfig(folder.dir());
        this.eosIds = GenerationDefaults.eosIds(folder.dir(), folder.generationConfig(), folder.config(),
                tokenizerConfig, tokenizer);
        this.promptTemplate = folder.generationConfig().path("relayscope_prompt_template").asText("{question}");
        this.chatTemplate = io.relayscope.engine.chat.ChatTemplate.find(folder.dir());
        this.generationDefaults = GenerationDefaults.read(folder.generationConfig(),
                folder.dir().resolve("generation_config.json"));
    }

    /** Opens a model folder; any problem becomes a one-line {@link UserFacingException} naming the path and fix. */
    public static OnnxCausalLm open(Path dir) {
        EngineSetup.ensureOffline();
        ModelFolder folder = ModelFolder.open(dir);
        long params;
        try {
            params = OnnxParameterCounter.count(folder.modelFile());
        } catch (IOException e) {
            throw new UserFacingException(folder.modelFile() + ": not a readable ONNX file (" + TextTokenizer.firstLine(e)
                    + "); re-export the model");
        }
        TextTokenizer tokenizer = TextTokenizer.load(folder.tokenizerFile());
        OrtSession session = null;
        Model model = null;
        try {
            model = Model.newInstance(folder.name(), Device.cpu(), EngineSetup.ENGINE);
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            int threads = params > MULTI_THREAD_PARAMETERS ? Math.max(1, Runtime.getRuntime().availableProcessors()) : 1;
            options.setIntraOpNumThreads(Integer.getInteger("relayscope.threads", threads));
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = env.createSession(folder.modelFile().toString(), options);
            DecoderSignature sig = DecoderSignature.read(session.getInputInfo(), session.getOutputInfo(),
                    folder.modelFile(), folder);
            NDManager manager = model.getNDManager();
            OrtSymbolBlock block = new OrtSymbolBlock(session, (OrtNDManager) manager);
            model.setBlock(block);
            ModelInfo info = new ModelInfo(sig.layers(), sig.kvHeads(), sig.headDim(), sig.kvType(),
                    tokenizer.vocabSize(), params, sig.hasPositionIds(), Hashing.sha256(folder.modelFile()));
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
        return folder.name();
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
        if ("djl-block".equals(System.getProperty("relayscope.forward"))) {
            return newDjlBlockSequence();
        }
        return new SessionKvSequence(session, signature, info.vocabSize());
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
