package io.relayscope.trace.policy;

import java.util.List;

/**
 * One call policy as users see it: its name, a short summary (the CLI's list, the app's drop-down), a longer help
 * text (tooltips, Help) and the keys of the parameters it reads, in the order they are shown.
 */
public record PolicyInfo(String name, String summary, String help, List<String> parameters) {
    public PolicyInfo {
        parameters = List.copyOf(parameters);
    }

    public boolean uses(String parameterKey) {
        return parameters.contains(parameterKey);
    }
}
