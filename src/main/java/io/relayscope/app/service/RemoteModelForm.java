package io.relayscope.app.service;

/**
 * What the "Remote..." dialog asks: the server's URL, the model name (blank: its only model), an API key (blank:
 * none; kept in memory only, never in recent files or traces) and whether a self-signed certificate is accepted.
 */
public record RemoteModelForm(String url, String model, String apiKey, boolean insecure) {

    @Override
    public String toString() {
        return "RemoteModelForm[url=" + url + ", model=" + model + ", apiKey=" + (apiKey == null || apiKey.isBlank()
                ? "none" : "redacted") + ", insecure=" + insecure + "]";
    }
}
