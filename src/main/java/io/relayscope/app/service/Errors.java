package io.relayscope.app.service;

/** Turns any failure into the one-line reason a dialog shows. */
public final class Errors {
    private Errors() {
    }

    public static String oneLine(Throwable t) {
        if (t instanceof OutOfMemoryError) {
            return "out of memory (" + (Runtime.getRuntime().maxMemory() >> 20) + " MB of Java heap); start RelayScope with more, "
                    + "e.g. java -Xmx4g -jar relayscope.jar";
        }
        if (t instanceof StackOverflowError) {
            return "stack overflow: the input is nested too deeply, or a bug; run with -Drelayscope.debug=true for details";
        }
        Throwable cur = t;
        while ((cur instanceof java.util.concurrent.ExecutionException || cur instanceof java.lang.reflect.InvocationTargetException
                || (cur instanceof RuntimeException && cur.getMessage() == null)) && cur.getCause() != null) {
            cur = cur.getCause();
        }
        String msg = cur.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = cur.getClass().getSimpleName();
        }
        String line = msg.strip().lines().findFirst().orElse(msg).strip();
        return line.length() > 300 ? line.substring(0, 297) + "..." : line;
    }
}
