package io.relayscope.app.service;

/** Text formats a trace can be exported to, with their file extension. */
public enum ExportFormat {
    HTML("html", "HTML page"), MARKDOWN("md", "Markdown"), CSV("csv", "CSV table");

    private final String extension;
    private final String label;

    ExportFormat(String extension, String label) {
        this.extension = extension;
        this.label = label;
    }

    public String extension() {
        return extension;
    }

    public String label() {
        return label;
    }
}
