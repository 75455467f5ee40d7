package io.relayscope.app.viewmodel;

import io.relayscope.app.service.BackgroundRunner;
import io.relayscope.app.service.DialogService;
import io.relayscope.app.service.Errors;
import io.relayscope.app.service.LoadedModels;
import io.relayscope.app.service.ModelService;
import io.relayscope.app.service.RemoteModelForm;
import io.relayscope.engine.ModelSource;
import io.relayscope.engine.remote.ApiKey;
import io.relayscope.engine.remote.RemoteApi;
import io.relayscope.engine.remote.RemoteEndpoint;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.nio.file.Path;
import java.util.function.Supplier;

/** The model pair: which folders or servers, whether it is loading (in the background), loaded or failed. */
public final class ModelsViewModel {
    private final ModelService service;
    private final BackgroundRunner background;
    private final DialogService dialogs;
    private final ReadOnlyObjectWrapper<LoadedModels> loaded = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper slmName = new ReadOnlyStringWrapper("-");
    private final ReadOnlyStringWrapper llmName = new ReadOnlyStringWrapper("-");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Not loaded");
    private final javafx.beans.binding.BooleanBinding demoLoaded = javafx.beans.binding.Bindings.createBooleanBinding(
            this::isDemoLoaded, loaded);
    private ModelSource slmSource;
    private ModelSource llmSource;
    private boolean busyElsewhere;
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final javafx.beans.binding.BooleanBinding canChange = busy.or(loading).not();
    private LoadedModels closeAfterRun;

    public ModelsViewModel(ModelService service, BackgroundRunner background, DialogService dialogs) {
        this.service = service;
        this.background = background;
        this.dialogs = dialogs;
        slmSource = new ModelSource.Folder(service.demoSlmFolder());
        llmSource = new ModelSource.Folder(service.demoLlmFolder());
        slmName.set(name(slmSource));
        llmName.set(name(llmSource));
    }

    /** Loads the embedded demo pair in the background. */
    public void loadDemo() {
        load(new ModelSource.Folder(service.demoSlmFolder()), new ModelSource.Folder(service.demoLlmFolder()),
                service::openDemo, false);
    }

    public void chooseSlmFolder() {
        dialogs.chooseModelFolder("Choose the small model (SLM) folder")
                .ifPresent(dir -> open(new ModelSource.Folder(dir), llmSource));
    }

    public void chooseLlmFolder() {
        dialogs.chooseModelFolder("Choose the large model (LLM) folder")
                .ifPresent(dir -> open(slmSource, new ModelSource.Folder(dir)));
    }

    /** Asks for the SLM on a server (the LLM stays as it is; one of the two must be a local folder). */
    public void chooseRemoteSlm() {
        dialogs.askRemoteModel("The small model (SLM) on a server").flatMap(this::remote)
                .ifPresent(src -> open(src, llmSource));
    }

    /** Asks for the LLM on a server (the SLM stays as it is). */
    public void chooseRemoteLlm() {
        dialogs.askRemoteModel("The large model (LLM) on a server").flatMap(this::remote)
                .ifPresent(src -> open(slmSource, src));
    }

    private java.util.Optional<ModelSource> remote(RemoteModelForm form) {
        try {
            return java.util.Optional.of(new ModelSource.Remote(RemoteEndpoint.of(form.url(), form.model(), RemoteApi.AUTO,
                    ApiKey.of(form.apiKey()), form.insecure())));
        } catch (RuntimeException e) {
            dialogs.showError("Cannot use this server", Errors.oneLine(e));
            return java.util.Optional.empty();
        }
    }

    /** Opens any pair of model folders in the background. */
    public void open(Path slm, Path llm) {
        open(new ModelSource.Folder(slm), new ModelSource.Folder(llm));
    }

    /** Opens a pair of folders or servers in the background. */
    public void open(ModelSource slm, ModelSource llm) {
        load(slm, llm, () -> service.open(slm, llm), true);
    }

    private void load(ModelSource slm, ModelSource llm, Supplier<LoadedModels> opener, boolean showErrors) {
        if (loading.get() || busyElsewhere) {
            return;
        }
        loading.set(true);
        status.set("Loading " + name(slm) + " + " + name(llm) + "...");
        background.run("Open models", opener::get, models -> {
            LoadedModels old = loaded.get();
            loaded.set(models);
            if (old != null && busyElsewhere) {
                closeAfterRun = old; // a run still decodes with it: closed when the run ends
            } else if (old != null) {
                old.close();
            }
            slmSource = slm;
            llmSource = llm;
            slmName.set(models.slmName());
            llmName.set(models.llmName());
            status.set(models.note().isEmpty() ? "Ready" : "Ready; " + models.note());
            loading.set(false);
        }, error -> {
            loading.set(false);
            String reason = Errors.oneLine(error);
            status.set(loaded.get() == null ? "Not loaded: " + reason : "Kept " + slmName.get() + " + " + llmName.get());
            if (showErrors) {
                dialogs.showError("Cannot open the models", reason);
            }
        });
    }

    /** Blocks model changes while a run uses the current pair; a pair replaced meanwhile is closed when it ends. */
    void setBusy(boolean busy) {
        busyElsewhere = busy;
        this.busy.set(busy);
        if (!busy && closeAfterRun != null) {
            LoadedModels old = closeAfterRun;
            closeAfterRun = null;
            old.close();
        }
    }

    private static String name(ModelSource s) {
        if (s instanceof ModelSource.Remote r) {
            return r.endpoint().model().isEmpty() ? r.endpoint().base().getHost() : r.endpoint().model();
        }
        Path p = ((ModelSource.Folder) s).dir();
        return p == null || p.getFileName() == null ? "-" : p.getFileName().toString();
    }

    private boolean isDemoLoaded() {
        LoadedModels m = loaded.get();
        return m != null && java.util.Objects.equals(m.llmFolder(), service.demoLlmFolder())
                && java.util.Objects.equals(m.slmFolder(), service.demoSlmFolder());
    }

    /** True while the loaded pair is the embedded demo pair (the app then says what it understands). */
    public javafx.beans.binding.BooleanBinding demoLoadedProperty() {
        return demoLoaded;
    }

    /** The one rule for every "open models" button: no run uses the pair and no load is going on. */
    public javafx.beans.binding.BooleanBinding canChangeProperty() {
        return canChange;
    }

    public ReadOnlyObjectProperty<LoadedModels> loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    public LoadedModels loaded() {
        return loaded.get();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty slmNameProperty() {
        return slmName.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty llmNameProperty() {
        return llmName.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public void close() {
        LoadedModels m = loaded.get();
        if (m != null) {
            m.close();
        }
    }
}
