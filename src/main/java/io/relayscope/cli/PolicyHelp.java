package io.relayscope.cli;

import io.relayscope.trace.policy.PolicyCatalogue;
import io.relayscope.engine.Policies;
import io.relayscope.trace.policy.PolicyInfo;
import io.relayscope.trace.policy.PolicyParameter;

import java.util.ArrayList;
import java.util.List;

/**
 * The help texts of {@code --policy} and its parameter options, made from the policy catalogue
 * ({@link Policies}) so that the command line and the app never word a policy twice. Picocli reads them through
 * {@link OptionHelp}; the keys are the options' {@code descriptionKey}s.
 */
final class PolicyHelp {
    private PolicyHelp() {
    }

    /** The bundle's rows: descriptionKey and text. */
    static List<Object[]> rows() {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {"policy", policy()});
        for (PolicyParameter p : PolicyCatalogue.PARAMETERS) {
            rows.add(new Object[] {key(p), parameter(p)});
        }
        return rows;
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
