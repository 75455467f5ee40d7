package io.relayscope.engine.remote;

import java.util.Locale;

/**
 * The kind of server behind an endpoint, as its {@code /v1/models} {@code owned_by} shows it, and what each accepts:
 * token-id prompts, logprob tokens named by id ({@code token_id:N} or llama.cpp's ids), extra sampling fields.
 */
public enum ServerKind {
    RELAYSCOPE("relayscope serve", true, true, true),
    VLLM("vLLM", true, true, true),
    SGLANG("SGLang", true, false, true),
    LLAMACPP("llama.cpp server", true, true, true),
    OLLAMA("Ollama", false, false, false),
    LMSTUDIO("LM Studio", false, false, false),
    OTHER("an OpenAI-compatible server", false, false, false);

    private final String label;
    private final boolean tokenIdPrompts;
    private final boolean tokenIds;
    private final boolean extendedSampling;

    ServerKind(String label, boolean tokenIdPrompts, boolean tokenIds, boolean extendedSampling) {
        this.label = label;
        this.tokenIdPrompts = tokenIdPrompts;
        this.tokenIds = tokenIds;
        this.extendedSampling = extendedSampling;
    }

    /** From {@code owned_by} of /v1/models. */
    static ServerKind fromOwner(String ownedBy) {
        String o = ownedBy == null ? "" : ownedBy.toLowerCase(Locale.ROOT);
        if (o.equals("relayscope")) {
            return RELAYSCOPE;
        }
        if (o.equals("vllm")) {
            return VLLM;
        }
        if (o.contains("sglang")) {
            return SGLANG;
        }
        if (o.equals("llamacpp") || o.contains("llama.cpp")) {
            return LLAMACPP;
        }
        if (o.equals("library") || o.equals("ollama")) {
            return OLLAMA;
        }
        if (o.equals("organization_owner")) {
            return LMSTUDIO;
        }
        return OTHER;
    }

    public String label() {
        return label;
    }

    /** The prompt may be sent as token ids. */
    public boolean acceptsTokenIdPrompts() {
        return tokenIdPrompts;
    }

    /** Generated tokens (and their alternatives) come back with their ids. */
    public boolean returnsTokenIds() {
        return tokenIds;
    }

    /** top_k, ignore_eos, include_stop_str_in_output and skip_special_tokens are understood. */
    public boolean extendedSampling() {
        return extendedSampling;
    }
}
