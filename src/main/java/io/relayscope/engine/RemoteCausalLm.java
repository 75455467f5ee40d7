package io.relayscope.engine;

import io.relayscope.engine.remote.RemoteClient;
import io.relayscope.engine.remote.RemoteEndpoint;
import io.relayscope.engine.remote.TokenizerCheck;
import io.relayscope.trace.SamplingSpec;

import java.nio.file.Path;

/**
 * A model on a server, taking part in a token-level relay. Token ids are exchanged, so it shares the vocabulary
 * of the local model it is paired with: tokenizer, end-of-sequence ids and prompt template come from that partner,
 * and connecting checks (with the server's /tokenize) that the server's tokenizer agrees. It has no local KV
 * sequence: its turns go to the server ({@link RemoteTurnTaker}), whose prefix cache keeps the context warm.
 */
public final class RemoteCausalLm implements CausalLm {
    private final RemoteClient client;
    private final CausalLm partner;
    private final TokenizerCheck check;
    private final ModelInfo info;

    private RemoteCausalLm(RemoteClient client, CausalLm partner, TokenizerCheck check) {
        this.client = client;
        this.partner = partner;
        this.check = check;
        ModelInfo p = partner.info();
        this.info = new ModelInfo(0, 0, 0, p.kvType(), p.vocabSize(), 0, false, "");
    }

    /**
     * Connects (reading /v1/models) and checks the server's tokenizer against the partner's; a one-line error when
     * the server gives no token ids or its tokenizer differs, since ids could not be exchanged.
     */
    public static RemoteCausalLm connect(RemoteEndpoint endpoint, CausalLm partner, String role) {
        RemoteClient client = RemoteClient.connect(endpoint, () -> Thread.currentThread().isInterrupted());
        if (!client.kind().returnsTokenIds()) {
            throw new UserFacingException(client.completionUri() + ": " + client.kind().label() + " returns no token ids; "
                    + "a token-level relay needs vLLM, llama.cpp's server or relayscope serve for the " + role);
        }
        TokenizerCheck check = client.checkTokenizer(partner.tokenizer(), () -> Thread.currentThread().isInterrupted());
        if (check.status() == TokenizerCheck.Status.MISMATCH) {
            throw new UserFacingException(client.endpoint().base() + ": " + check.message() + "; serve the " + role
                    + " with the same tokenizer as " + partner.name());
        }
        return new RemoteCausalLm(client, partner, check);
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

    @Override
    public KvSequence newSequence() {
        throw new UserFacingException(name() + " runs on " + client.endpoint().base()
                + "; this needs a local model folder (forward-level measurements)");
    }

    @Override
    public TurnTaker turnTaker(SamplingSpec sampling, long seed, int[] banned, boolean ignoreEos, TurnHints hints,
                               RunControl control) {
        return new RemoteTurnTaker(client, sampling, seed, banned, ignoreEos, partner.eosIds(), hints,
                control::isCancelled);
    }

    @Override
    public void close() {
        client.close();
    }
}
