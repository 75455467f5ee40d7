package io.relayscope.engine;

import io.relayscope.engine.remote.RemoteClient;
import io.relayscope.engine.remote.RemoteEndpoint;
import io.relayscope.engine.remote.TokenizerCheck;
import io.relayscope.trace.SamplingSpec;

import java.nio.file.Path;

/**
 * A model on a server, taking part in a relay. Token ids are exchanged with the server, so its tokenizer,
 * end-of-sequence ids, chat template and prompt template come from a local stand-in: the model's own tokenizer folder
 * when the user gives one ({@link TokenizerFolder}: also its generation_config.json defaults), else the local model
 * it is paired with (then it shares that model's vocabulary and template, and has no defaults of its own). Connecting
 * checks with the server's /tokenize that the server's tokenizer agrees. It has no local KV sequence: its turns go to
 * the server ({@link RemoteTurnTaker}), whose prefix cache keeps the context warm.
 */
public final class RemoteCausalLm implements CausalLm {
    private final RemoteClient client;
    private final CausalLm partner;
    private final TokenizerCheck check;
    private final ModelInfo info;
    private final boolean ownFolder;
    private final ServerTexts server;

    private RemoteCausalLm(RemoteClient client, CausalLm partner, TokenizerCheck check, boolean ownFolder) {
        this.client = client;
        this.partner = partner;
        this.check = check;
        this.ownFolder = ownFolder;
        // without a folder of its own, what the server says about its model's text (llama.cpp's /props)
        this.server = ownFolder || client.kind() != io.relayscope.engine.remote.ServerKind.LLAMACPP ? ServerTexts.NONE
                : client.props(() -> Thread.currentThread().isInterrupted())
                        .map(p -> ServerTexts.fromProps(p, client.endpoint().resolve("/props").toString()))
                        .orElse(ServerTexts.NONE);
        ModelInfo p = partner.info();
        this.info = new ModelInfo(0, 0, 0, p.kvType(), p.vocabSize(), 0, false, "");
    }

    /**
     * Connects (reading /v1/models) and checks the server's tokenizer against the partner's; a one-line error when
     * the server gives no token ids or its tokenizer differs, since ids could not be exchanged.
     */
    public static RemoteCausalLm connect(RemoteEndpoint endpoint, CausalLm partner, String role) {
        return connect(endpoint, partner, role, false);
    }

    /**
     * As {@link #connect(RemoteEndpoint, CausalLm, String)}; ownFolder: the stand-in is this model's own tokenizer
     * folder (its chat template and generation defaults are this model's; it closes with this model).
     */
    public static RemoteCausalLm connect(RemoteEndpoint endpoint, CausalLm partner, String role, boolean ownFolder) {
        RemoteClient client = RemoteClient.connect(endpoint, () -> Thread.currentThread().isInterrupted());
        if (client.textOnly()) {
            return new RemoteCausalLm(client, partner, textCheck(client, partner), ownFolder);
        }
        if (!client.kind().returnsTokenIds()) {
            throw new UserFacingException(client.completionUri() + ": " + client.kind().label() + " returns no token ids; "
                    + "a token-level relay needs vLLM, llama.cpp's server or relayscope serve for the " + role
                    + " (or --" + role.toLowerCase(java.util.Locale.ROOT) + "-api text)");
        }
        TokenizerCheck check = client.checkTokenizer(partner.tokenizer(), () -> Thread.currentThread().isInterrupted());
        if (check.status() == TokenizerCheck.Status.MISMATCH) {
            throw new UserFacingException(client.endpoint().base() + ": " + check.message() + "; serve the " + role
                    + " with the same tokenizer as " + partner.name());
        }
        return new RemoteCausalLm(client, partner, check, ownFolder);
    }

    /**
     * A text-only server: no ids are exchanged, so a tokenizer that differs is no error; the local tokenizer only
     * counts the server's text (and gives the template). Servers without /tokenize (Ollama, LM Studio) are not asked.
     */
    private static TokenizerCheck textCheck(RemoteClient client, CausalLm partner) {
        String counted = "prompts go as text; its tokens are counted by re-encoding its text with the local tokenizer of "
                + partner.name();
        if (!client.kind().acceptsTokenIdPrompts() && client.kind() != io.relayscope.engine.remote.ServerKind.OTHER) {
            return new TokenizerCheck(TokenizerCheck.Status.UNKNOWN, counted);
        }
        TokenizerCheck check = client.checkTokenizer(partner.tokenizer(), () -> Thread.currentThread().isInterrupted());
        return new TokenizerCheck(check.status(), counted + " (" + check.message() + ")");
    }

    /** Whether its prompts go as text (Ollama, LM Studio, --llm-api text): the relay runs at text level. */
    public boolean textOnly() {
        return client.textOnly();
    }

    /** What the tokenizer check found, in words. */
    public TokenizerCheck tokenizerCheck() {
        return check;
    }

    public RemoteClient client() {
        return client;
    }

    @Override
    public String name() {
        return client.model();
    }

    @Override
    public Path folder() {
        return null;
    }

    @Override
    public String location() {
        return client.completionUri().toString();
    }

    @Override
    public TextTokenizer tokenizer() {
        return partner.tokenizer();
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public int[] eosIds() {
        return partner.eosIds();
    }

    @Override
    public String promptTemplate() {
        return partner.promptTemplate();
    }

    /**
     * Its chat template: its own tokenizer folder's; else the server's (llama.cpp's /props); else its partner's,
     * which shares its tokenizer.
     */
    @Override
    public java.util.Optional<io.relayscope.engine.chat.ChatTemplate> chatTemplate() {
        return ownFolder ? partner.chatTemplate() : server.chatTemplate().or(partner::chatTemplate);
    }

    /**
     * Its sampling defaults: its own tokenizer folder's generation_config.json; else the server's (llama.cpp's
     * /props default_generation_settings); none otherwise (the partner's file belongs to another model).
     */
    @Override
    public GenerationDefaults generationDefaults() {
        return ownFolder ? partner.generationDefaults() : server.defaults().orElse(GenerationDefaults.NONE);
    }

    /** The server's /props URL when its chat template comes from there (no tokenizer folder given). */
    public java.util.Optional<String> serverTemplateSource() {
        return ownFolder || server.chatTemplate().isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(server.source());
    }

    /** Whether its sampling defaults are the server's (/props). */
    public boolean serverDefaults() {
        return !ownFolder && server.defaults().isPresent();
    }

    /** Where its tokenizer, template and defaults come from, in words. */
    public String textsSource() {
        if (ownFolder) {
            return "its tokenizer folder " + partner.folder();
        }
        String tokenizer = "the local model " + partner.folder();
        if (server.chatTemplate().isPresent() || server.defaults().isPresent()) {
            return tokenizer + " (tokenizer), the server's " + server.source() + " ("
                    + (server.chatTemplate().isPresent() ? "chat template" : "")
                    + (server.chatTemplate().isPresent() && server.defaults().isPresent() ? ", " : "")
                    + (server.defaults().isPresent() ? "sampling defaults" : "") + ")";
        }
        return tokenizer;
    }

    @Override
    public KvSequence newSequence() {
        throw new UserFacingException(name() + " runs on " + client.endpoint().base()
                + "; this needs a local model folder (forward-level measurements)");
    }

    @Override
    public TurnTaker turnTaker(SamplingSpec sampling, long seed, int[] banned, boolean ignoreEos, TurnHints hints,
                               RunControl control) {
        if (client.textOnly()) {
            return new TextServerTurnTaker(client, partner.tokenizer(), sampling, seed, ignoreEos, banned, hints,
                    control::isCancelled);
        }
        return new RemoteTurnTaker(client, sampling, seed, banned, ignoreEos, partner.eosIds(), hints,
                control::isCancelled);
    }

    @Override
    public void close() {
        client.close();
        if (ownFolder) {
            partner.close();
        }
    }
}
