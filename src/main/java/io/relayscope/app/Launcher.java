package io.relayscope.app;

import javafx.application.Application;

/** Main class that does not extend Application, so JavaFX starts from the class path; opens {@link RelayScopeApp}. */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        System.setProperty("OPT_OUT_TRACKING", System.getProperty("OPT_OUT_TRACKING", "true"));
        try {
            Application.launch(RelayScopeApp.class, args);
        } catch (RuntimeException | Error e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            System.err.println("relayscope: cannot open the window: " + io.relayscope.app.service.Errors.oneLine(root)
                    + " (a desktop session or `xvfb-run -a` is needed; the command line works without one)");
            System.exit(1);
        }
    }
}
