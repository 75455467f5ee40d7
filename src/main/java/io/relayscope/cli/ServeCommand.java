package io.relayscope.cli;

import io.relayscope.engine.CausalLm;
import io.relayscope.engine.DemoModels;
import io.relayscope.engine.OnnxCausalLm;
import io.relayscope.engine.remote.ApiKey;
import io.relayscope.serve.CompletionServer;
import io.relayscope.serve.ServeConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code serve}: one model folder as an OpenAI-compatible server (loopback unless an API key is set). */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Serve one model folder over HTTP as an OpenAI-compatible server: /v1/completions (text or "
                + "token-id prompts, logprobs, stream), /v1/models, /tokenize, /detokenize, /health. Runs until Ctrl-C.")
public final class ServeCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", description = "model folder (model.onnx + tokenizer.json); default: the demo large model")
    Path model;

    @Option(names = "--name", paramLabel = "NAME", description = "the model name clients ask for (default: the folder name)")
    String name;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "address to listen on (default ${DEFAULT-VALUE}); any other than loopback needs --api-key-env")
    String host;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8000", description = "port (default ${DEFAULT-VALUE}; 0 picks a free one)")
    int port;

    @Option(names = "--api-key-env", paramLabel = "VAR",
            description = "environment variable holding the API key clients must send as 'Authorization: Bearer <key>'")
    String apiKeyEnv;

    @Option(names = "--max-body-bytes", paramLabel = "N", defaultValue = "" + ServeConfig.DEFAULT_BODY_BYTES,
            description = "largest request body (413 above; default ${DEFAULT-VALUE})")
    int maxBody;

    @Option(names = "--max-prompt-tokens", paramLabel = "N", defaultValue = "" + ServeConfig.DEFAULT_PROMPT_TOKENS,
            description = "longest prompt in tokens (400 above; default ${DEFAULT-VALUE})")
    int maxPrompt;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "" + ServeConfig.DEFAULT_NEW_TOKENS,
            description = "largest max_tokens a request may ask (default ${DEFAULT-VALUE})")
    int maxTokens;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "1", description = "completions running at once (default ${DEFAULT-VALUE})")
    int parallel;

    @Option(names = "--queue", paramLabel = "N", defaultValue = "" + ServeConfig.DEFAULT_QUEUED,
            description = "completions that may wait; more get 429 with Retry-After (default ${DEFAULT-VALUE})")
    int queue;

    @Override
    public Integer call() throws InterruptedException {
        CommandLine cl = spec.commandLine();
        OptionChecks.atLeast(cl, "--max-body-bytes", maxBody, 1);
        OptionChecks.atLeast(cl, "--max-prompt-tokens", maxPrompt, 1);
        OptionChecks.atLeast(cl, "--max-tokens", maxTokens, 1);
        OptionChecks.atLeast(cl, "--parallel", parallel, 1);
        OptionChecks.atLeast(cl, "--queue", queue, 0);
        OptionChecks.between(cl, "--port", port, 0, 65535);
        Optional<ApiKey> key = apiKeyEnv == null ? Optional.empty() : Optional.of(ApiKey.fromEnv(apiKeyEnv, System.getenv()));
        Path dir = model != null ? model : DemoModels.llm();
        try (CausalLm lm = OnnxCausalLm.open(dir)) {
            String served = name != null && !name.isBlank() ? name : lm.name();
            ServeConfig config = new ServeConfig(host, port, key, served, maxBody, maxPrompt, maxTokens, parallel, queue,
                    ServeConfig.DEFAULT_CACHED);
            CountDownLatch stopped = new CountDownLatch(1);
            try (CompletionServer server = CompletionServer.start(lm, config)) {
                Thread hook = new Thread(stopped::countDown, "relayscope-serve-stop");
                Runtime.getRuntime().addShutdownHook(hook);
                main.out().println("relayscope serve: '" + served + "' on " + server.baseUri() + "/v1"
                        + (key.isPresent() ? " (API key required)" : "") + "; Ctrl-C stops");
                main.out().flush();
                stopped.await();
            }
        }
        return 0;
    }
}
