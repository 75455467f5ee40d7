package io.relayscope.cli;

import io.relayscope.engine.RelayListener;
import io.relayscope.trace.Source;
import io.relayscope.trace.TokenRecord;

import java.io.PrintStream;

/** Streams the response to a terminal as tokens arrive, coloured by source when colour is on. */
final class TokenPrinter implements RelayListener {
    private final PrintStream out;
    private final boolean color;
    private boolean endsWithNewline = true;
    private Source painted;

    TokenPrinter(PrintStream out, boolean color) {
        this.out = out;
        this.color = color;
    }

    @Override
    public void onToken(TokenRecord token) {
        if (token.source() == Source.PROMPT || token.text().isEmpty()) {
            return;
        }
        String text = token.text();
        if (color && token.source() != painted) {
            out.print((painted == null ? "" : Ansi.RESET) + Ansi.code(token.source()));
            painted = token.source();
        }
        out.print(text);
        out.flush();
        endsWithNewline = text.endsWith("\n");
    }

    /** Ends the response's last line so that the summary starts on its own. */
    void finishLine() {
        if (painted != null) {
            out.print(Ansi.RESET);
            painted = null;
        }
        if (!endsWithNewline) {
            out.println();
            endsWithNewline = true;
        }
    }
}
