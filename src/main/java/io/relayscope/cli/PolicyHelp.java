package io.relayscope.cli;

import io.relayscope.trace.policy.PolicyCatalogue;
import io.relayscope.engine.Policies;
import io.relayscope.trace.policy.PolicyInfo;
import io.relayscope.trace.policy.PolicyParameter;

import java.util.ArrayList;
import java.util.List;
import java.util.ListResourceBundle;

/**
 * The help texts of {@code --policy} and its parameter options, made from the policy catalogue
 * ({@link Policies}) so that the command line and the app never word a policy twice. Picocli reads it as the
 * resource bundle of {@link PolicyOptions}; the keys are the options' {@code descriptionKey}s.
 */
public final class PolicyHelp extends ListResourceBundle {
    /** The bundle's name for picocli's {@code @Command(resourceBundle = ...)}. */
    public static final String BUNDLE = "io.relayscope.cli.PolicyHelp";

    @Override
    protected Object[][] getContents() {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {"policy", policy()});
        for (PolicyParameter p : PolicyCatalogue.PARAMETERS) {
            rows.add(new Object[] {key(p), parameter(p)});
        }
        return rows.toArray(new Object[0][]);
    }

    /** The descriptionKey of a parameter's option: its trace key. */
    static String key(PolicyParameter p) {
        return "policy." + p.key();
    }

    static String policy() {
        StringBuilder sb = new StringBuilder("who decides calls: ");
        for (PolicyInfo i : PolicyCatalogue.CATALOGUE) {
            sb.append(i.name()).append(" (").append(i.summary()).append("), ");
        }
        return sb.append("default: ${DEFAULT-VALUE}").toString();
    }

    static String parameter(PolicyParameter p) {
        String users = String.join(", ", PolicyCatalogue.users(p.key()));
        String help = p.help().contains(": ") ? p.help() : users + ": " + p.help();
        return help + " (default " + p.defaultText() + ")";
    }
}
