package io.relayscope.app.view;

import io.relayscope.trace.policy.PolicyCatalogue;
import io.relayscope.app.viewmodel.ModelsViewModel;
import io.relayscope.app.viewmodel.PriceSettings;
import io.relayscope.app.viewmodel.RunSettingsViewModel;
import io.relayscope.engine.ModelVariant;
import io.relayscope.engine.Policies;
import io.relayscope.trace.policy.PolicyInfo;
import io.relayscope.trace.policy.PolicyParameter;
import io.relayscope.trace.sampling.SamplingCatalogue;
import io.relayscope.trace.sampling.SamplingCatalogue.Model;
import io.relayscope.trace.sampling.SamplingControl;
import io.relayscope.engine.PromptStyle;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.FXCollections;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The left panel: prompt with sample questions, its format (template on/off, system prompt, thinking) and the exact
 * text fed, the model pair, the policy and its parameters, sampling (marked when at the models' defaults) and seed.
 */
public final class SettingsPanel extends VBox {
    /** The panel's width in em of the UI font (300 px at 100%). */
    public static final double PREF_WIDTH_EM = 25;
    /** Bidirectional bindings are weak: the adapter properties are kept here. */
    private final List<Object> keep = new ArrayList<>();
    private static final javafx.css.PseudoClass INVALID = javafx.css.PseudoClass.getPseudoClass("invalid");
    private static final String TIP = "relayscope.tip";
    /** The node property under which a sampling control keeps its {@link CatalogueEntry}. */
    public static final String CATALOGUE_KEY = "relayscope.samplingCatalogue";
    private final io.relayscope.app.viewmodel.FieldProblems problems;

    public SettingsPanel(RunSettingsViewModel settings, ModelsViewModel models, PriceSettings prices) {
        this.problems = settings.fieldProblems();
        getStyleClass().add("side-panel");
        // widths in em of the UI font (style sheet and below), so that the panel grows with the zoom; the main view
        // scrolls it sideways where the window is too narrow for it
        setStyle("-fx-pref-width: " + PREF_WIDTH_EM + "em;");

        ComboBox<String> samples = new ComboBox<>(settings.sampleQuestions());
        samples.setId("sampleQuestions");
        samples.setPromptText("Test-set questions"); // short: it shows whole beside New question at any zoom
        samples.setTooltip(new Tooltip("Sample questions from the demo task's test set, with their expected answers"));
        samples.setMaxWidth(Double.MAX_VALUE);
        samples.valueProperty().addListener((o, was, now) -> {
            if (now != null) {
                settings.promptProperty().set(now);
            }
        });
        Button newQuestion = new Button("New question");
        newQuestion.setId("newQuestion");
        newQuestion.setTooltip(new Tooltip("Draw a fresh word problem from the demo task's grammar (the wordings the "
                + "demo pair was trained on); its answer is checked after the run"));
        newQuestion.setOnAction(e -> settings.newQuestion());
        newQuestion.disableProperty().bind(Bindings.not(settings.newQuestionAvailableProperty())
                .or(settings.editableProperty().not()));
        newQuestion.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox samplesRow = new HBox(6, samples, newQuestion);
        HBox.setHgrow(samples, Priority.ALWAYS);
        TextArea prompt = new TextArea();
        prompt.setId("promptEditor");
        prompt.setWrapText(true);
        prompt.setPrefRowCount(4);
        prompt.textProperty().bindBidirectional(settings.promptProperty());
        prompt.editableProperty().bind(settings.editableProperty());
        // Tab leaves the prompt as in every other field; Ctrl+Tab, which the text area treats as traversal, is what
        // it becomes, so the focus order stays the platform's
        prompt.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.TAB && !e.isControlDown() && !e.isAltDown() && !e.isMetaDown()) {
                e.consume();
                prompt.fireEvent(new KeyEvent(KeyEvent.KEY_PRESSED, "", "", KeyCode.TAB, e.isShiftDown(), true, false, false));
            }
        });

        CheckBox template = new CheckBox("Chat template");
        template.setId("chatTemplateToggle");
        template.setTooltip(new Tooltip("Apply the model's prompt template (its chat template, or a demo model's plain "
                + "one); off feeds the prompt exactly as typed"));
        template.selectedProperty().bindBidirectional(settings.useTemplateProperty());
        ComboBox<PromptStyle.Thinking> thinking = new ComboBox<>(FXCollections.observableArrayList(PromptStyle.Thinking.values()));
        thinking.setId("thinkingChoice");
        thinking.setTooltip(new Tooltip("Qwen3's enable_thinking: not passed (the template decides), true, or false "
                + "(an empty <think></think>)"));
        thinking.setConverter(new StringConverter<>() {
            @Override
            public String toString(PromptStyle.Thinking t) {
                return t == null ? "" : switch (t) {
                    case DEFAULT -> "Thinking: default";
                    case ON -> "Thinking on";
                    case OFF -> "Thinking off";
                };
            }

            @Override
            public PromptStyle.Thinking fromString(String text) {
                return PromptStyle.Thinking.DEFAULT;
            }
        });
        thinking.valueProperty().bindBidirectional(settings.thinkingProperty());
        TextField system = new TextField();
        system.setId("systemPrompt");
        system.setPromptText("System prompt (optional)");
        system.textProperty().bindBidirectional(settings.systemPromptProperty());
        TextArea exact = new TextArea();
        exact.setId("promptPreviewText");
        exact.setEditable(false);
        exact.setWrapText(true);
        exact.setPrefRowCount(6);
        exact.getStyleClass().add("prompt-preview");
        exact.textProperty().bind(settings.promptPreviewProperty());
        TitledPane preview = new TitledPane("Prompt as fed (special tokens shown)", exact);
        preview.setId("promptPreview");
        preview.setExpanded(false);
        preview.setAnimated(false);
        HBox formatRow = new HBox(8, template, thinking);
        formatRow.setStyle("-fx-alignment: center-left;");
        template.disableProperty().bind(settings.editableProperty().not());
        thinking.disableProperty().bind(settings.editableProperty().not().or(template.selectedProperty().not())
                .or(settings.chatTemplateAvailableProperty().not()));
        system.disableProperty().bind(settings.editableProperty().not().or(template.selectedProperty().not()));

        Label slm = new Label();
        slm.setId("slmName");
        slm.textProperty().bind(models.slmNameProperty());
        Label llm = new Label();
        llm.setId("llmName");
        llm.textProperty().bind(models.llmNameProperty());
        Button slmButton = new Button("Open\u2026");
        slmButton.setTooltip(new Tooltip("Open another small model folder"));
        slmButton.setOnAction(e -> models.chooseSlmFolder());
        Button llmButton = new Button("Open\u2026");
        llmButton.setTooltip(new Tooltip("Open another large model folder"));
        llmButton.setOnAction(e -> models.chooseLlmFolder());
        Button slmRemote = new Button("Remote\u2026");
        slmRemote.setId("slmRemote");
        slmRemote.setTooltip(new Tooltip("Use a small model on a server (vLLM, llama.cpp, relayscope serve)"));
        slmRemote.setOnAction(e -> models.chooseRemoteSlm());
        Button llmRemote = new Button("Remote\u2026");
        llmRemote.setId("llmRemote");
        llmRemote.setTooltip(new Tooltip("Use a large model on a server (vLLM, llama.cpp, relayscope serve)"));
        llmRemote.setOnAction(e -> models.chooseRemoteLlm());
        Button demo = new Button("Demo pair");
        demo.setOnAction(e -> models.loadDemo());
        demo.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        for (Button b : new Button[] {slmButton, llmButton, slmRemote, llmRemote, demo}) {
            b.disableProperty().bind(models.canChangeProperty().not());
        }
        ProgressIndicator progress = new ProgressIndicator();
        progress.setId("modelProgress");
        progress.setPrefSize(16, 16);
        progress.visibleProperty().bind(models.loadingProperty());
        progress.managedProperty().bind(models.loadingProperty());
        Label modelStatus = new Label();
        modelStatus.setId("modelStatus");
        modelStatus.getStyleClass().add("muted");
        modelStatus.setWrapText(true);
        modelStatus.textProperty().bind(models.statusProperty());
        ComboBox<ModelVariant> slmVariant = variantChoice("slmVariant", models.slmVariants(), models.slmVariantProperty(),
                models::chooseSlmVariant);
        ComboBox<ModelVariant> llmVariant = variantChoice("llmVariant", models.llmVariants(), models.llmVariantProperty(),
                models::chooseLlmVariant);
        GridPane modelGrid = grid();
        modelGrid.addRow(0, badge("SLM", "counter-value slm"), slm, slmButton, slmRemote);
        modelGrid.add(slmVariant, 1, 1, 3, 1);
        modelGrid.addRow(2, badge("LLM", "counter-value llm"), llm, llmButton, llmRemote);
        modelGrid.add(llmVariant, 1, 3, 3, 1);
        GridPane.setHgrow(slm, Priority.ALWAYS);
        HBox modelStatusRow = new HBox(6, progress, modelStatus, demo);
        modelStatusRow.setStyle("-fx-alignment: center-left;");
        HBox.setHgrow(modelStatus, Priority.ALWAYS);
        modelStatus.setMaxWidth(Double.MAX_VALUE);
        for (Node n : List.of(slmButton, llmButton, slmRemote, llmRemote, demo, slmVariant, llmVariant)) {
            n.disableProperty().bind(models.loadingProperty().or(settings.editableProperty().not()));
        }

        Label demoNote = new Label("The demo pair is two tiny models trained here on one kind of arithmetic word "
                + "problem (someone has some things, gets or loses some, packs some in boxes: how many now?). They read "
                + "many wordings of it, even new ones, but nothing else: other questions get nonsense. Open\u2026 "
                + "loads real ONNX models (README: Bring your own model).");
        demoNote.setId("demoNote");
        demoNote.getStyleClass().addAll("demo-note", "footnote");
        demoNote.setWrapText(true);
        demoNote.visibleProperty().bind(models.demoLoadedProperty());
        demoNote.managedProperty().bind(demoNote.visibleProperty());

        ComboBox<String> policy = new ComboBox<>();
        policy.setId("policyChoice");
        policy.getItems().setAll(RunSettingsViewModel.POLICIES);
        policy.valueProperty().bindBidirectional(settings.policyProperty());
        policy.setMaxWidth(Double.MAX_VALUE);
        policy.setCellFactory(l -> new PolicyCell());
        policy.setStyle("-fx-pref-width: 12.5em;"); // the drop-down's rows are wider than the panel; its button shows the name only
        Tooltip policyTip = new Tooltip();
        policyTip.textProperty().bind(settings.policyHelp());
        policyTip.setWrapText(true);
        policyTip.setMaxWidth(360);
        policy.setTooltip(policyTip);
        GridPane policyGrid = grid();
        int r = 0;
        policyGrid.addRow(r++, new Label("Policy"), policy);
        r = optional(policyGrid, r, Policies.THRESHOLD, doubleSpinner(settings.thresholdProperty(), Policies.THRESHOLD), settings.usesThreshold());
        r = optional(policyGrid, r, Policies.ENTROPY, doubleSpinner(settings.entropyProperty(), Policies.ENTROPY), settings.usesEntropy());
        r = optional(policyGrid, r, Policies.P, doubleSpinner(settings.probabilityProperty(), Policies.P), settings.usesProbability());
        optional(policyGrid, r, Policies.CALL_TOKENS, intSpinner(settings.callTokensProperty(), Policies.CALL_TOKENS), settings.usesCallTokens());

        Label defaults = new Label();
        defaults.setId("samplingDefaults");
        defaults.setWrapText(true);
        defaults.getStyleClass().add("muted");
        defaults.textProperty().bind(Bindings.when(settings.atModelDefaultsProperty()).then("\u25CF ")
                .otherwise("\u25CB changed; ").concat(settings.modelDefaultsProperty()));
        Button reset = new Button("Reset");
        reset.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        reset.setId("samplingReset");
        reset.setTooltip(new Tooltip("Set the sampling back to the models' generation_config.json"));
        reset.setOnAction(e -> settings.useModelDefaults());
        reset.disableProperty().bind(settings.atModelDefaultsProperty().or(settings.editableProperty().not()));
        HBox defaultsRow = new HBox(6, defaults, reset);
        defaultsRow.setStyle("-fx-alignment: center-left;");
        HBox.setHgrow(defaults, Priority.ALWAYS);
        defaults.setMaxWidth(Double.MAX_VALUE);
        GridPane sampling = grid();
        sampling.setId("samplingGrid");
        int s = 0;
        s = row(sampling, s, SamplingCatalogue.TEMPERATURE, Model.SLM, settings.slmTemperatureProperty(), "slmTemperature");
        s = row(sampling, s, SamplingCatalogue.TEMPERATURE, Model.LLM, settings.llmTemperatureProperty(), "llmTemperature");
        s = row(sampling, s, SamplingCatalogue.TOP_P, Model.BOTH, settings.topPProperty(), "topP");
        s = row(sampling, s, SamplingCatalogue.TOP_K, Model.BOTH, settings.topKProperty(), "topK");
        s = row(sampling, s, SamplingCatalogue.MIN_P, Model.BOTH, settings.minPProperty(), "minP");
        s = row(sampling, s, SamplingCatalogue.REPETITION_PENALTY, Model.BOTH, settings.repetitionPenaltyProperty(),
                "repetitionPenalty");
        s = row(sampling, s, SamplingCatalogue.SEED, Model.BOTH, longSpinner(settings.seedProperty()), "seed");
        s = row(sampling, s, SamplingCatalogue.MAX_NEW_TOKENS, Model.BOTH, settings.maxNewTokensProperty(), "maxNewTokens");
        s = row(sampling, s, SamplingCatalogue.MAX_CALLS, Model.BOTH, settings.maxCallsProperty(), "maxCalls");
        SamplingControl opinionControl = SamplingCatalogue.control(SamplingCatalogue.LLM_OPINION);
        CheckBox opinion = new CheckBox(opinionControl.label());
        opinion.setId("llmOpinion");
        opinion.selectedProperty().bindBidirectional(settings.llmOpinionProperty());
        opinion.setTooltip(tooltip(SamplingCatalogue.tooltip(opinionControl, Model.BOTH)));
        opinion.getProperties().put(CATALOGUE_KEY, new CatalogueEntry(opinionControl.key(), Model.BOTH));
        sampling.add(opinion, 0, s, 2, 1);
        TitledPane pricePane = new TitledPane("Prices, USD per 1M tokens", priceGrid(prices));
        pricePane.setTooltip(new Tooltip("Per-model prices for the cost table's money row; all 0 (the default) leaves it out"));
        pricePane.setMinWidth(0);
        pricePane.setStyle("-fx-pref-width: 20em;"); // never wider than the panel: it fills the panel's width anyway
        pricePane.setId("prices");
        pricePane.setExpanded(false);
        pricePane.setAnimated(false);
        policyGrid.disableProperty().bind(settings.editableProperty().not());
        sampling.disableProperty().bind(settings.editableProperty().not());

        getChildren().addAll(title("PROMPT"), samplesRow, prompt, formatRow, system, preview, title("MODEL PAIR"), modelGrid,
                modelStatusRow, demoNote, title("CALL POLICY"), policyGrid, title("SAMPLING"), defaultsRow, sampling,
                title("COSTS"), pricePane);
    }

    /**
     * A drop-down of the variants a model folder holds ("q4 (412 MB)"), shown when there is more than one; picking
     * another reopens the pair with it.
     */
    private static ComboBox<ModelVariant> variantChoice(String id, ObservableList<ModelVariant> variants,
                                                        ReadOnlyObjectProperty<ModelVariant> loaded,
                                                        Consumer<ModelVariant> choose) {
        ComboBox<ModelVariant> box = new ComboBox<>(variants);
        box.setId(id);
        box.setMaxWidth(Double.MAX_VALUE);
        box.setTooltip(new Tooltip("Which of the folder's graphs runs: its weight precision and size (graph + external data)"));
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(ModelVariant v) {
                return v == null ? "" : v.label();
            }

            @Override
            public ModelVariant fromString(String s) {
                return null;
            }
        });
        box.setValue(loaded.get());
        loaded.addListener((o, was, now) -> box.setValue(now));
        box.setOnAction(e -> choose.accept(box.getValue()));
        BooleanBinding several = Bindings.size(variants).greaterThan(1);
        box.visibleProperty().bind(several);
        box.managedProperty().bind(several);
        return box;
    }

    private static Label title(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-title");
        return l;
    }

    private static Label badge(String text, String classes) {
        Label l = new Label(text);
        l.getStyleClass().addAll(classes.split(" "));
        return l;
    }

    private static GridPane grid() {
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(5);
        return g;
    }

    /** A policy parameter's row, labelled and explained by the policy catalogue, shown while the policy uses it. */
    private int optional(GridPane grid, int row, String key, Node field, ObservableBooleanValue shown) {
        PolicyParameter p = PolicyCatalogue.parameter(key);
        Label label = new Label(p.label());
        label.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        Tooltip tip = new Tooltip(tipText(p));
        tip.setWrapText(true);
        tip.setMaxWidth(360);
        label.setTooltip(tip);
        ((javafx.scene.control.Control) field).setTooltip(tip);
        field.setId("policy-" + key);
        checked((Spinner<?>) field, "policy-" + key, p.label(), p.integer());
        grid.addRow(row, label, field);
        for (Node n : List.of(label, field)) {
            n.visibleProperty().bind(shown);
            n.managedProperty().bind(shown);
        }
        return row + 1;
    }

    /**
     * Input, cached-input and output prices of each model, for the money row of the cost table (computed by the
     * cost catalogue, trace.cost, like the CLI's --slm-prices / --llm-prices).
     */
    private GridPane priceGrid(PriceSettings prices) {
        GridPane g = grid();
        g.addRow(0, new Label(""), badge("SLM", "counter-value slm"), badge("LLM", "counter-value llm"));
        String[] kinds = {"input", "cached", "output"};
        String[] names = {"input", "cached-input", "output"};
        String[] tips = {"Tokens the model reads that a server has not cached", "Context it read before, re-read from a "
                + "server's prefix cache", "Tokens it writes"};
        DoubleProperty[][] fields = {{prices.slmInput(), prices.slmCachedInput(), prices.slmOutput()},
                {prices.llmInput(), prices.llmCachedInput(), prices.llmOutput()}};
        String[] model = {"SLM", "LLM"};
        for (int k = 0; k < 3; k++) {
            g.add(new Label(kinds[k]), 0, k + 1);
            for (int m = 0; m < 2; m++) {
                Spinner<Double> sp = doubleSpinner(fields[m][k], 0, 10_000, 0.05);
                sp.setStyle("-fx-pref-width: 7.7em;");
                String id = "price-" + model[m].toLowerCase(java.util.Locale.ROOT) + "-" + kinds[k];
                sp.setId(id);
                sp.setTooltip(new Tooltip(model[m] + ": " + tips[k] + ", USD per 1M tokens"));
                checked(sp, id, model[m] + " " + names[k] + " price", false);
                g.add(sp, m + 1, k + 1);
            }
        }
        return g;
    }

    private int row(GridPane grid, int r, String key, Model model, DoubleProperty property, String id) {
        SamplingControl c = SamplingCatalogue.control(key);
        return row(grid, r, key, model, doubleSpinner(property, c.min(), c.max(), c.step()), id);
    }

    private int row(GridPane grid, int r, String key, Model model, IntegerProperty property, String id) {
        SamplingControl c = SamplingCatalogue.control(key);
        return row(grid, r, key, model, intSpinner(property, (int) c.min(), (int) c.max()), id);
    }

    /**
     * A labelled sampling row, label, tooltip (on the label and the field) and range from the sampling catalogue, the
     * field checked as typed; the field remembers its catalogue entry (a test finds a control without one).
     */
    private int row(GridPane grid, int r, String key, Model model, Spinner<?> field, String id) {
        SamplingControl c = SamplingCatalogue.control(key);
        String label = SamplingCatalogue.label(c, model);
        Label l = new Label(label);
        Tooltip t = tooltip(SamplingCatalogue.tooltip(c, model));
        l.setTooltip(t);
        field.setTooltip(t);
        field.setId(id);
        field.getProperties().put(CATALOGUE_KEY, new CatalogueEntry(key, model));
        checked(field, id, label, c.integer());
        grid.addRow(r, l, field);
        return r + 1;
    }

    private static Tooltip tooltip(String text) {
        Tooltip t = new Tooltip(text);
        t.setWrapText(true);
        t.setMaxWidth(360);
        return t;
    }

    /** The sampling catalogue's entry a control shows, kept in its properties under {@link #CATALOGUE_KEY}. */
    public record CatalogueEntry(String key, Model model) {
    }

    /**
     * Checks a number field on every edit: a value in range is taken at once (the run never uses an older one), any
     * other text marks the field and tells the settings' model why, which keeps Run disabled with that reason.
     */
    private void checked(Spinner<?> spinner, String id, String label, boolean integer) {
        double[] range = range(spinner.getValueFactory());
        spinner.getEditor().textProperty().addListener((o, was, text) -> {
            java.util.OptionalDouble v = problems.check(id, label, text, range[0], range[1], integer);
            if (v.isPresent()) {
                commit(spinner, v.getAsDouble());
            }
            spinner.pseudoClassStateChanged(INVALID, problems.isWrong(id));
            Tooltip tip = spinner.getTooltip();
            if (tip != null) {
                tip.setText(problems.isWrong(id) ? problems.all().get(id) : (String) spinner.getProperties().get(TIP));
            }
        });
        if (spinner.getTooltip() != null) {
            spinner.getProperties().put(TIP, spinner.getTooltip().getText());
        }
        // a value set from outside (a trace opened, Reset) puts valid text back
        spinner.valueProperty().addListener((o, was, now) -> {
            problems.clear(id);
            spinner.pseudoClassStateChanged(INVALID, false);
        });
    }

    @SuppressWarnings("unchecked")
    private static void commit(Spinner<?> spinner, double value) {
        SpinnerValueFactory<?> f = spinner.getValueFactory();
        if (f instanceof SpinnerValueFactory.DoubleSpinnerValueFactory d) {
            if (d.getValue() == null || d.getValue() != value) {
                d.setValue(value);
            }
        } else if (f instanceof SpinnerValueFactory.IntegerSpinnerValueFactory i) {
            if (i.getValue() == null || i.getValue() != (int) value) {
                i.setValue((int) value);
            }
        }
    }

    private static double[] range(SpinnerValueFactory<?> f) {
        if (f instanceof SpinnerValueFactory.DoubleSpinnerValueFactory d) {
            return new double[] {d.getMin(), d.getMax()};
        }
        SpinnerValueFactory.IntegerSpinnerValueFactory i = (SpinnerValueFactory.IntegerSpinnerValueFactory) f;
        return new double[] {i.getMin(), i.getMax()};
    }

    /** The tooltip of a policy parameter: its help, the policies that use it and its default. */
    static String tipText(PolicyParameter p) {
        return p.help() + " (" + String.join(", ", PolicyCatalogue.users(p.key())) + "; default " + p.defaultText() + ")";
    }

    private Spinner<Double> doubleSpinner(DoubleProperty property, String policyParameter) {
        PolicyParameter p = PolicyCatalogue.parameter(policyParameter);
        return doubleSpinner(property, p.min(), p.max(), p.step());
    }

    private Spinner<Integer> intSpinner(IntegerProperty property, String policyParameter) {
        PolicyParameter p = PolicyCatalogue.parameter(policyParameter);
        return intSpinner(property, (int) p.min(), (int) p.max());
    }

    /** A drop-down row: the policy's name and summary, its help as the tooltip (all from the policy catalogue). */
    private static final class PolicyCell extends javafx.scene.control.ListCell<String> {
        @Override
        protected void updateItem(String name, boolean empty) {
            super.updateItem(name, empty);
            if (empty || name == null || !Policies.NAMES.contains(name)) {
                setText(empty ? null : name);
                setTooltip(null);
                return;
            }
            PolicyInfo info = PolicyCatalogue.info(name);
            setText(name + " \u2014 " + info.summary());
            Tooltip tip = new Tooltip(info.help());
            tip.setWrapText(true);
            tip.setMaxWidth(360);
            setTooltip(tip);
        }
    }

    private Spinner<Double> doubleSpinner(DoubleProperty property, double min, double max, double step) {
        Spinner<Double> spinner = new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(min, max, property.get(), step));
        ObjectProperty<Double> adapter = property.asObject();
        keep.add(adapter);
        spinner.getValueFactory().valueProperty().bindBidirectional(adapter);
        return style(spinner);
    }

    private Spinner<Integer> intSpinner(IntegerProperty property, int min, int max) {
        Spinner<Integer> spinner = new Spinner<>(min, max, property.get());
        ObjectProperty<Integer> adapter = property.asObject();
        keep.add(adapter);
        spinner.getValueFactory().valueProperty().bindBidirectional(adapter);
        return style(spinner);
    }

    private Spinner<Integer> longSpinner(LongProperty property) {
        Spinner<Integer> spinner = new Spinner<>(0, Integer.MAX_VALUE, (int) property.get());
        spinner.valueProperty().addListener((o, was, now) -> property.set(now));
        property.addListener((o, was, now) -> spinner.getValueFactory().setValue(now.intValue()));
        return style(spinner);
    }

    private static <T> Spinner<T> style(Spinner<T> spinner) {
        spinner.setEditable(true);
        spinner.setStyle("-fx-pref-width: 9.2em;");
        return spinner;
    }
}
