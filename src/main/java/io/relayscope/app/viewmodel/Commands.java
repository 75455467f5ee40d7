package io.relayscope.app.viewmodel;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;

/**
 * One enable rule per command, shared by the toolbar, the menu and its shortcut, and checked again by the view
 * model before the command runs (a shortcut can never do what the disabled button would not).
 */
public final class Commands {
    private final BooleanBinding run;
    private final BooleanBinding step;
    private final BooleanBinding stop;
    private final BooleanBinding changeDocument;
    private final BooleanBinding save;
    private final BooleanBinding changeModels;
    private final StringBinding runBlocked;

    Commands(ObservableBooleanValue running, ObservableBooleanValue stepping, ObservableBooleanValue modelsLoaded,
             ObservableBooleanValue modelsLoading, ObservableBooleanValue documentBusy, ObservableBooleanValue hasTrace,
             BooleanBinding changeModels, ObservableStringValue settingsProblem) {
        this.runBlocked = Bindings.createStringBinding(() -> {
            if (running.get() && !stepping.get()) {
                return ""; // running: Stop is the command now, nothing to explain
            } else if (modelsLoading.get()) {
                return "Wait: the models are loading";
            } else if (!modelsLoaded.get()) {
                return "No models loaded: open a model pair (or the demo pair)";
            } else if (documentBusy.get()) {
                return "Wait: a file is being read or written";
            }
            return running.get() ? "" : settingsProblem.get();
        }, running, stepping, modelsLoading, modelsLoaded, documentBusy, settingsProblem);
        this.step = Bindings.createBooleanBinding(() -> modelsLoaded.get() && !modelsLoading.get() && !documentBusy.get()
                        && (running.get() || settingsProblem.get().isEmpty()),
                modelsLoaded, modelsLoading, documentBusy, running, settingsProblem);
        this.run = Bindings.createBooleanBinding(() -> runBlocked.get().isEmpty() && (!running.get() || stepping.get()),
                runBlocked, running, stepping);
        this.stop = Bindings.createBooleanBinding(running::get, running);
        this.changeDocument = Bindings.createBooleanBinding(() -> !running.get() && !documentBusy.get(), running, documentBusy);
        this.save = Bindings.createBooleanBinding(() -> hasTrace.get() && !running.get() && !documentBusy.get(),
                hasTrace, running, documentBusy);
        this.changeModels = changeModels;
    }

    /**
     * Why Run cannot start ("" when it can, or while a free run goes on): models loading or missing, file work, a
     * settings field that holds no value, an empty prompt. The toolbar shows it beside the disabled button.
     */
    public StringBinding runBlockedReason() {
        return runBlocked;
    }

    /**
     * Run (or continue a stepped run): models loaded and not loading, no file work, settings that hold values and a
     * prompt, no free run going on.
     */
    public BooleanBinding canRun() {
        return run;
    }

    /** Step: models loaded and not loading, no file work. */
    public BooleanBinding canStep() {
        return step;
    }

    /** Stop: a run is going on. */
    public BooleanBinding canStop() {
        return stop;
    }

    /** New, open, import: no run and no file work going on. */
    public BooleanBinding canChangeDocument() {
        return changeDocument;
    }

    /** Save, save as, export: a trace, no run, no file work. */
    public BooleanBinding canSave() {
        return save;
    }

    /** Open other models: no run, no load going on (the models view model's rule, shared). */
    public BooleanBinding canChangeModels() {
        return changeModels;
    }
}
