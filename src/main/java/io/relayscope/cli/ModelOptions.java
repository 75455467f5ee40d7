package io.relayscope.cli;

import io.relayscope.engine.CausalLm;
import io.relayscope.engine.DemoModels;
import io.relayscope.engine.ModelPair;
import io.relayscope.engine.ModelSource;
import io.relayscope.engine.RemoteCausalLm;
import io.relayscope.engine.UserFacingException;
import io.relayscope.engine.remote.ApiKey;
import io.relayscope.engine.remote.RemoteApi;
import io.relayscope.engine.remote.RemoteEndpoint;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code --slm} and {@code --llm}: model folders, defaulting to the embedded demo models; or either one on a server
 * with {@code --slm-url/--llm-url} (and its model name, API, key variable), paired token by token with the local one.
 */
public final class ModelOptions {
    @Option(names = "--slm", paramLabel = "DIR",
            description = "small model folder (model.onnx + tokenizer.json); default: the demo relay SLM when present, else the base SLM")
    Path slm;

    @Option(names = "--llm", paramLabel = "DIR", description = "large model folder; default: the demo large model")
    Path llm;

    @Option(names = "--slm-variant", paramLabel = "NAME",
            description = "which of the SLM folder's graphs runs: fp32, fp16, quantized (q8), int8, uint8, q4, q4f16, bnb4; "
                    + "default: the most precise one present")
    String slmVariant;

    @Option(names = "--llm-variant", paramLabel = "NAME", description = "which of the LLM folder's graphs runs (as --slm-variant)")
    String llmVariant;

    @Option(names = "--llm-url", paramLabel = "URL",
            description = "the LLM on a server instead (vLLM, llama.cpp, relayscope serve), e.g. http://host:8000/v1")
    String llmUrl;

    @Option(names = "--llm-model", paramLabel = "NAME", description = "model name on the LLM server (default: its only model)")
    String llmModel;

    @Option(names = "--llm-api", paramLabel = "API", defaultValue = "auto",
            description = "auto (from /v1/models), openai (/v1/completions), llamacpp (/completion) or text "
                    + "(/v1/completions with text prompts, as Ollama and LM Studio need; auto picks it for them); "
                    + "default ${DEFAULT-VALUE}")
    String llmApi;

    @Option(names = "--llm-api-key-env", paramLabel = "VAR", description = "environment variable holding the LLM server's API key")
    String llmKeyEnv;

    @Option(names = "--slm-url", paramLabel = "URL", description = "the SLM on a server instead (the reference's loop runs against it)")
    String slmUrl;

    @Option(names = "--slm-model", paramLabel = "NAME", description = "model name on the SLM server (default: its only model)")
    String slmModel;

    @Option(names = "--slm-api", paramLabel = "API", defaultValue = "auto", description = "as --llm-api, for the SLM server")
    String slmApi;

    @Option(names = "--slm-api-key-env", paramLabel = "VAR", description = "environment variable holding the SLM server's API key")
    String slmKeyEnv;

    @Option(names = "--llm-tokenizer", paramLabel = "DIR",
            description = "with --llm-url: a folder with the served model's tokenizer.json (and tokenizer_config.json, "
                    + "generation_config.json: its chat template and defaults); default: the SLM's")
    Path llmTokenizer;

    @Option(names = "--slm-tokenizer", paramLabel = "DIR", description = "with --slm-url: as --llm-tokenizer, for the SLM")
    Path slmTokenizer;

    @Option(names = "--insecure", description = "accept self-signed TLS certificates of the model servers (a lab server)")
    boolean insecure;

    Path slm() {
        return slm != null ? slm : DemoModels.defaultSlm();
    }

    Path llm() {
        return llm != null ? llm : DemoModels.llm();
    }

    ModelPair open() {
        return ModelPair.open(source("--slm", slm(), slm != null, slmVariant, slmUrl, slmModel, slmApi, slmKeyEnv, slmTokenizer),
                source("--llm", llm(), llm != null, llmVariant, llmUrl, llmModel, llmApi, llmKeyEnv, llmTokenizer));
    }

    private ModelSource source(String option, Path dir, boolean dirGiven, String variant, String url, String model, String api,
                               String keyEnv, Path tokenizer) {
        if (url == null) {
            if (tokenizer != null) {
                throw new UserFacingException(option + "-tokenizer goes with " + option + "-url (a local folder has its own "
                        + "tokenizer.json); leave it out or give " + option + "-url");
            }
            return new ModelSource.Folder(dir, java.util.Optional.ofNullable(variant));
        }
        if (dirGiven) {
            throw new UserFacingException(option + " and " + option + "-url both name the model; give one of them");
        }
        Optional<ApiKey> key = keyEnv == null ? Optional.empty() : Optional.of(ApiKey.fromEnv(keyEnv, System.getenv()));
        return new ModelSource.Remote(RemoteEndpoint.of(url, model, api(option, api), key, insecure),
                Optional.ofNullable(tokenizer));
    }

    private static RemoteApi api(String option, String api) {
        return switch (api.toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> RemoteApi.AUTO;
            case "openai" -> RemoteApi.OPENAI;
            case "llamacpp", "llama.cpp" -> RemoteApi.LLAMACPP;
            case "text" -> RemoteApi.TEXT;
            default -> throw new UserFacingException(option + "-api must be auto, openai, llamacpp or text, not '" + api + "'");
        };
    }

    /**
     * One line per remote model (where it runs, what the server is, whether its tokenizer matches, where its template
     * comes from), and one when the pair relays through the text bridge.
     */
    static void describeRemote(ModelPair pair, PrintStream err) {
        for (CausalLm m : new CausalLm[] {pair.slm(), pair.llm()}) {
            if (m instanceof RemoteCausalLm r) {
                err.println("relayscope: " + (m == pair.slm() ? "SLM" : "LLM") + " '" + r.name() + "' on "
                        + r.location() + " (" + r.client().kind().label() + "): " + r.tokenizerCheck().message()
                        + "; tokenizer and chat template from " + r.textsSource());
            }
        }
        if (pair.textBridge()) {
            err.println("relayscope: text bridge: the SLM's tokenizer (" + pair.slm().tokenizer().vocabSize()
                    + " tokens) and the LLM's (" + pair.llm().tokenizer().vocabSize() + ") differ, so each model reads "
                    + "the other's text in its own tokens, with its own chat template; the LLM token ratio counts each "
                    + "model's own tokens");
        }
        err.flush();
    }
}
