package io.relayscope.app.viewmodel;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.value.ObservableBooleanValue;

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

    Commands(ObservableBooleanValue running, ObservableBooleanValue stepping, ObservableBooleanValue modelsLoaded,
             ObservableBooleanValue modelsLoading, ObservableBooleanValue documentBusy, ObservableBooleanValue hasTrace,
             BooleanBinding changeModels) {
        BooleanBinding modelsReady = Bindings.createBooleanBinding(() -> modelsLoaded.get() && !modelsLoading.get(),
                modelsLoaded, modelsLoading);
        this.step = Bindings.createBooleanBinding(() -> modelsLoaded.get() && !modelsLoading.get() && !documentBusy.get(),
                modelsLoaded, modelsLoading, documentBusy);
        this.run = Bindings.createBooleanBinding(() -> modelsReady.get() && !documentBusy.get() && (!running.get() || stepping.get()),
                modelsReady, documentBusy, running, stepping);
        this.stop = Bindings.createBooleanBinding(running::get, running);
        this.changeDocument = Bindings.createBooleanBinding(() -> !running.get() && !documentBusy.get(), running, documentBusy);
        this.save = Bindings.createBooleanBinding(() -> hasTrace.get() && !running.get() && !documentBusy.get(),
                hasTrace, running, documentBusy);
        this.changeModels = changeModels;
    }

    /** Run (or continue a stepped run): models loaded and not loading, no file work, no free run going on. */
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
