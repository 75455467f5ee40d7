package io.relayscope.engine.remote;

/** Whether the server's tokenizer turns a probe text into the same ids as the local one, in words for the user. */
public record TokenizerCheck(Status status, String message) {

    public enum Status {
        /** Same ids for the probe: token-level relay is safe. */
        MATCH,
        /** Different ids: token ids cannot be exchanged; only the text bridge can work. */
        MISMATCH,
        /** The server offers no /tokenize (or it failed): not known. */
        UNKNOWN
    }

    public boolean matches() {
        return status == Status.MATCH;
    }
}
