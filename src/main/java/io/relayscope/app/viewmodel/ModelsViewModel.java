package io.relayscope.app.viewmodel;

import io.relayscope.app.service.BackgroundRunner;
import io.relayscope.app.service.DialogService;
import io.relayscope.app.service.Errors;
import io.relayscope.app.service.LoadedModels;
import io.relayscope.app.service.ModelService;
import io.relayscope.app.service.RemoteModelForm;
import io.relayscope.engine.ModelSource;
import io.relayscope.engine.ModelVariant;
import io.relayscope.engine.remote.ApiKey;
import io.relayscope.engine.remote.RemoteApi;
import io.relayscope.engine.remote.RemoteEndpoint;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The model pair: which folders (and variants) or servers, whether it is loading (in the background), loaded or
 * failed. The variants each folder holds (fp32, fp16, q4, ... with sizes) are listed once a pair has loaded;
 * choosing another reopens the pair with it.
 */
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
    private final ObservableList<ModelVariant> slmVariants = FXCollections.observableArrayList();
    private final ObservableList<ModelVariant> llmVariants = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<ModelVariant> slmVariant = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ModelVariant> llmVariant = new ReadOnlyObjectWrapper<>();
    private ModelSource slmSource;
    private ModelSource llmSource;
    private boolean busyElsewhere;
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final javafx.beans.binding.BooleanBinding canChange = busy.or(loading).not();
    private LoadedModels closeAfterRun;
    private boolean closed;

    /** A pair opened in the background with the variants its folders hold. */
    private record Opened(LoadedModels models, List<ModelVariant> slmVariants, List<ModelVariant> llmVariants) {
    }

    static final String SLM_KEY = "pair.slm";
    static final String LLM_KEY = "pair.llm";
    static final String SLM_VARIANT_KEY = "pair.slmVariant";
    static final String LLM_VARIANT_KEY = "pair.llmVariant";
    private final java.util.prefs.Preferences prefs;

    public ModelsViewModel(ModelService service, BackgroundRunner background, DialogService dialogs,
                           java.util.prefs.Preferences prefs) {
        this.prefs = prefs;
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

    /**
     * At start: the pair of model folders used last (with their variants) while both folders still hold a model,
     * else the demo pair. Server models are not remembered (their keys live in memory only).
     */
    public void loadRemembered() {
        String slm = prefs.get(SLM_KEY, null);
        String llm = prefs.get(LLM_KEY, null);
        if (slm != null && llm != null && !service.variants(Path.of(slm)).isEmpty() && !service.variants(Path.of(llm)).isEmpty()) {
            open(new ModelSource.Folder(Path.of(slm), variant(SLM_VARIANT_KEY)),
                    new ModelSource.Folder(Path.of(llm), variant(LLM_VARIANT_KEY)));
        } else {
            loadDemo();
        }
    }

    private Optional<String> variant(String key) {
        return Optional.ofNullable(prefs.get(key, null)).filter(v -> !v.isBlank());
    }

    /** Keeps the loaded pair for the next start: folders and variants; the demo pair or a server forgets it. */
    private void remember(ModelSource slm, ModelSource llm) {
        if (slm instanceof ModelSource.Folder s && llm instanceof ModelSource.Folder l && !isDemoLoaded()) {
            prefs.put(SLM_KEY, s.dir().toAbsolutePath().normalize().toString());
            prefs.put(LLM_KEY, l.dir().toAbsolutePath().normalize().toString());
            putOrRemove(SLM_VARIANT_KEY, s.variant());
            putOrRemove(LLM_VARIANT_KEY, l.variant());
        } else {
            for (String k : new String[] {SLM_KEY, LLM_KEY, SLM_VARIANT_KEY, LLM_VARIANT_KEY}) {
                prefs.remove(k);
            }
        }
    }

    private void putOrRemove(String key, Optional<String> value) {
        if (value.isPresent()) {
            prefs.put(key, value.get());
        } else {
            prefs.remove(key);
        }
    }

    public void chooseSlmFolder() {
        dialogs.chooseModelFolder("Choose the small model (SLM) folder")
                .ifPresent(dir -> open(new ModelSource.Folder(dir), llmSource));
    }

    public void chooseLlmFolder() {
        dialogs.chooseModelFolder("Choose the large model (LLM) folder")
                .ifPresent(dir -> open(slmSource, new ModelSource.Folder(dir)));
    }

    /** Asks for the SLM on a server (the LLM stays as it is; both remote need a tokenizer folder for one of them). */
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
                    ApiKey.of(form.apiKey()), form.insecure()),
                    form.tokenizerFolder().isEmpty() ? Optional.empty() : Optional.of(Path.of(form.tokenizerFolder()))));
        } catch (RuntimeException e) {
            dialogs.showError("Cannot use this server", Errors.oneLine(e));
            return java.util.Optional.empty();
        }
    }

    /** Reopens the pair with another of the SLM folder's variants (nothing when it is the one loaded). */
    public void chooseSlmVariant(ModelVariant v) {
        if (v != null && !v.equals(slmVariant.get()) && loaded.get() != null && slmSource instanceof ModelSource.Folder f) {
            open(new ModelSource.Folder(f.dir(), Optional.of(v.name())), llmSource);
        }
    }

    /** Reopens the pair with another of the LLM folder's variants (nothing when it is the one loaded). */
    public void chooseLlmVariant(ModelVariant v) {
        if (v != null && !v.equals(llmVariant.get()) && loaded.get() != null && llmSource instanceof ModelSource.Folder f) {
            open(slmSource, new ModelSource.Folder(f.dir(), Optional.of(v.name())));
        }
    }

    /** The variants a source holds (none for a server). */
    private List<ModelVariant> variantsOf(ModelSource s) {
        return s instanceof ModelSource.Folder f ? service.variants(f.dir()) : List.of();
    }

    /** The variant that runs: the one named, else the most precise (the first listed). */
    private static ModelVariant picked(List<ModelVariant> variants, ModelSource s) {
        Optional<String> name = s instanceof ModelSource.Folder f ? f.variant() : Optional.empty();
        return variants.stream().filter(v -> name.isEmpty() || v.name().equals(name.get())).findFirst().orElse(null);
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
        background.run("Open models", () -> new Opened(opener.get(), variantsOf(slm), variantsOf(llm)), opened -> {
            LoadedModels models = opened.models();
            if (closed) { // the app shut down while this pair was opening: nobody will use it
                models.close();
                loading.set(false);
                return;
            }
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
            slmVariant.set(null); // a new list clears a drop-down's value; set it again below
            llmVariant.set(null);
            slmVariants.setAll(opened.slmVariants());
            llmVariants.setAll(opened.llmVariants());
            slmVariant.set(picked(opened.slmVariants(), slm));
            llmVariant.set(picked(opened.llmVariants(), llm));
            status.set(models.note().isEmpty() ? "Ready" : "Ready; " + models.note());
            remember(slm, llm);
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

    /** The variants the SLM folder holds, most precise first (empty for a folder with nothing to choose). */
    public ObservableList<ModelVariant> slmVariants() {
        return FXCollections.unmodifiableObservableList(slmVariants);
    }

    public ObservableList<ModelVariant> llmVariants() {
        return FXCollections.unmodifiableObservableList(llmVariants);
    }

    /** The SLM variant that is loaded. */
    public ReadOnlyObjectProperty<ModelVariant> slmVariantProperty() {
        return slmVariant.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ModelVariant> llmVariantProperty() {
        return llmVariant.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public void close() {
        closed = true;
        LoadedModels m = loaded.get();
        if (m != null) {
            m.close();
        }
    }
}
