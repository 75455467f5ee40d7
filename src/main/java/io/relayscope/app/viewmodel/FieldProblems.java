package io.relayscope.app.viewmodel;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The number fields whose text is not a usable value right now, each with a one-line reason ("Top p:
 * 'abc' is not a number"). A field is checked on every edit; while any is wrong, Run is disabled and says why.
 */
public final class FieldProblems {
    private final ObservableMap<String, String> problems = FXCollections.observableMap(new java.util.LinkedHashMap<>());
    private final StringBinding first = Bindings.createStringBinding(
            () -> problems.isEmpty() ? "" : problems.values().iterator().next(), problems);

    /**
     * Checks the text of field {@code id} (shown as {@code label}) against [min, max]; returns the value when it is
     * one, else records why not and returns empty. An empty text is a problem too: the run would use the old value.
     */
    public OptionalDouble check(String id, String label, String text, double min, double max, boolean integer) {
        String t = text == null ? "" : text.strip();
        String problem = null;
        double value = Double.NaN;
        if (t.isEmpty()) {
            problem = label + " is empty; type a number";
        } else {
            try {
                value = integer ? Long.parseLong(t) : Double.parseDouble(t.replace(',', '.'));
            } catch (NumberFormatException e) {
                problem = label + ": '" + t + "' is not " + (integer ? "a whole number" : "a number");
            }
            if (problem == null && !(value >= min && value <= max)) {
                problem = label + " must be from " + number(min) + " to " + number(max) + ", not " + t;
            }
        }
        if (problem == null) {
            problems.remove(id);
            return OptionalDouble.of(value);
        }
        problems.put(id, problem);
        return OptionalDouble.empty();
    }

    /** Forgets a field's problem (its text was put back to the value). */
    public void clear(String id) {
        problems.remove(id);
    }

    public boolean isWrong(String id) {
        return problems.containsKey(id);
    }

    /** The first wrong field's reason, "" when every field holds a value. */
    public StringBinding firstProblem() {
        return first;
    }

    public ObservableMap<String, String> all() {
        return FXCollections.unmodifiableObservableMap(problems);
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
