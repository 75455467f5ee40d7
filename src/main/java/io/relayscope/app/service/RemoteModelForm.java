package io.relayscope.app.service;

/**
 * What the "Remote..." dialog asks: the server's URL, the model name (blank: its only model), an API key (blank:
 * none; kept in memory only, never in recent files or traces), whether a self-signed certificate is accepted, and
 * the local folder with the served model's tokenizer.json and templates (blank: the other model's tokenizer).
 */
public record RemoteModelForm(String url, String model, String apiKey, boolean insecure, String tokenizerFolder) {

    public RemoteModelForm {
        tokenizerFolder = tokenizerFolder == null ? "" : tokenizerFolder.strip();
    }

    /** A server whose model shares the other model's tokenizer. */
    public RemoteModelForm(String url, String model, String apiKey, boolean insecure) {
        this(url, model, apiKey, insecure, "");
    }

    @Override
    public String toString() {
        return "RemoteModelForm[url=" + url + ", model=" + model + ", apiKey=" + (apiKey == null || apiKey.isBlank()
                ? "none" : "redacted") + ", insecure=" + insecure + ", tokenizerFolder=" + tokenizerFolder + "]";
    }
}
