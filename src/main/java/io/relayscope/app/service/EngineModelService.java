package io.relayscope.app.service;

import io.relayscope.engine.DemoModels;
import io.relayscope.engine.CausalLm;
import io.relayscope.engine.ForcedPrefix;
import io.relayscope.engine.ShadowScorer;
import io.relayscope.engine.ModelPair;
import io.relayscope.engine.ModelFolder;
import io.relayscope.engine.ModelSource;
import io.relayscope.engine.ModelVariant;
import io.relayscope.engine.UserFacingException;
import io.relayscope.engine.RemoteCausalLm;
import io.relayscope.engine.RelayEngine;
import io.relayscope.engine.RelayListener;
import io.relayscope.engine.RelayRequest;
import io.relayscope.engine.RunControl;
import io.relayscope.trace.Trace;

import java.nio.file.Path;

/** Opens real ONNX model pairs through the relay engine. */
public final class EngineModelService implements ModelService {

    @Override
    public LoadedModels openDemo() {
        return wrap(ModelPair.openDemo());
    }

    @Override
    public LoadedModels open(Path slmFolder, Path llmFolder) {
        return wrap(ModelPair.open(slmFolder, llmFolder));
    }

    @Override
    public LoadedModels open(ModelSource slm, ModelSource llm) {
        return wrap(ModelPair.open(slm, llm));
    }

    @Override
    public java.util.List<ModelVariant> variants(Path folder) {
        try {
            return ModelFolder.list(folder);
        } catch (UserFacingException e) {
            return java.util.List.of(); // opening the folder reports the problem
        }
    }

    @Override
    public java.util.Optional<String> weightsSha256(Path folder) {
        try {
            return java.util.Optional.of(io.relayscope.engine.ModelFolder.open(folder).weightsSha256());
        } catch (RuntimeException e) {
            return java.util.Optional.empty(); // no model folder (any more): nothing to match
        }
    }

    @Override
    public Path demoSlmFolder() {
        return DemoModels.defaultSlm();
    }

    @Override
    public Path demoLlmFolder() {
        return DemoModels.llm();
    }

    private static LoadedModels wrap(ModelPair pair) {
        RelayEngine engine = new RelayEngine(pair);
        return new LoadedModels() {
            @Override
            public String slmName() {
                return pair.slm().name();
            }

            @Override
            public String llmName() {
                return pair.llm().name();
            }

            @Override
            public Path slmFolder() {
                return pair.slm().folder();
            }

            @Override
            public Path llmFolder() {
                return pair.llm().folder();
            }

            @Override
            public String note() {
                StringBuilder b = new StringBuilder();
                for (CausalLm m : new CausalLm[] {pair.slm(), pair.llm()}) {
                    if (m instanceof RemoteCausalLm r) {
                        b.append(b.length() == 0 ? "" : "; ").append(m == pair.slm() ? "SLM" : "LLM").append(" on ")
                                .append(r.client().kind().label()).append(": ").append(r.tokenizerCheck().message());
                    }
                }
                if (pair.textBridge()) {
                    b.append(b.length() == 0 ? "" : "; ").append("text bridge: the tokenizers differ (")
                            .append(pair.slm().tokenizer().vocabSize()).append(" and ")
                            .append(pair.llm().tokenizer().vocabSize()).append(" tokens), each model reads the other's text");
                }
                return b.toString();
            }

            @Override
            public Trace run(RelayRequest request, RelayListener listener, RunControl control) {
                return engine.run(request, listener, control);
            }

            @Override
            public Trace branch(RelayRequest request, ForcedPrefix start, RelayListener listener, RunControl control) {
                return engine.run(request, start, listener, control);
            }

            @Override
            public Trace score(Trace trace) {
                return new ShadowScorer(pair).score(trace);
            }

            @Override
            public TypedToken token(String text) {
                return TypedToken.of(text, pair.slm().tokenizer()::encode, id -> pair.slm().tokenizer().decode(new int[] {id}));
            }

            @Override
            public io.relayscope.engine.GenerationDefaults slmDefaults() {
                return pair.slm().generationDefaults();
            }

            @Override
            public io.relayscope.engine.GenerationDefaults llmDefaults() {
                return pair.llm().generationDefaults();
            }

            @Override
            public boolean hasChatTemplate() {
                return pair.slm().chatTemplate().isPresent();
            }

            @Override
            public String promptText(String question, io.relayscope.engine.PromptStyle style) {
                String slm = io.relayscope.engine.PromptBuilder.build(pair.slm(), question, style).text();
                if (!pair.textBridge()) {
                    return slm;
                }
                // through the text bridge each model reads its own chat template over the question, in its own tokens
                String llm = io.relayscope.engine.PromptBuilder.build(pair.llm(), question, style).text();
                return "SLM " + pair.slm().name() + " reads:\n" + slm + "\n\nLLM " + pair.llm().name() + " reads:\n" + llm;
            }

            @Override
            public void close() {
                pair.close();
            }
        };
    }
}
