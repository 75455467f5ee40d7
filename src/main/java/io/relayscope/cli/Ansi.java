package io.relayscope.cli;

import io.relayscope.trace.Source;

/** ANSI colours by token source: SLM blue, LLM vermillion bold underlined, command tags dim magenta. */
final class Ansi {
    static final String RESET = "\u001b[0m";
    static final String SLM = "\u001b[34m";
    static final String LLM = "\u001b[1;4;38;5;166m";
    static final String COMMAND = "\u001b[2;35m";

    private Ansi() {
    }

    /** Whether to colour automatically: a terminal on both ends, no NO_COLOR, TERM not "dumb". */
    static boolean auto() {
        String term = System.getenv("TERM");
        return System.console() != null && System.getenv("NO_COLOR") == null && !"dumb".equals(term);
    }

    /** The escape sequence that starts text of the given source (empty for prompt text). */
    static String code(Source source) {
        return switch (source) {
            case SLM -> SLM;
            case LLM -> LLM;
            case COMMAND -> COMMAND;
            case PROMPT -> "";
        };
    }

    static String paint(String text, Source source) {
        String code = code(source);
        return code.isEmpty() || text.isEmpty() ? text : code + text + RESET;
    }
}
