package io.relayscope.app.service;

/**
 * The app's top level: an exception or a Java Error (OutOfMemoryError, StackOverflowError) that no one caught, on
 * any thread, becomes one line on stderr and one error dialog, never a stack trace dump and a frozen window.
 */
public final class AppErrors {
    private AppErrors() {
    }

    public static void install(DialogService dialogs) {
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> report(dialogs, error));
        if (javafx.application.Platform.isFxApplicationThread()) {
            Thread.currentThread().setUncaughtExceptionHandler((thread, error) -> report(dialogs, error));
        }
    }

    /** One line on stderr and an error dialog on the UI thread. */
    static void report(DialogService dialogs, Throwable error) {
        String line = Errors.oneLine(error);
        System.err.println("relayscope: " + line);
        if (Boolean.getBoolean("relayscope.debug")) {
            error.printStackTrace();
        }
        try {
            javafx.application.Platform.runLater(() -> dialogs.showError("Unexpected error", line));
        } catch (Throwable ignored) {
            // the toolkit is gone: the line on stderr is all that can be said
        }
    }
}
