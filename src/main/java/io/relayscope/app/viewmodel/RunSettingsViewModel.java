package io.relayscope.app.viewmodel;

import io.relayscope.trace.policy.PolicyCatalogue;
import io.relayscope.engine.GenerationDefaults;
import io.relayscope.engine.Policies;
import io.relayscope.engine.PromptStyle;
import io.relayscope.engine.RelayRequest;
import io.relayscope.trace.Limits;
import io.relayscope.trace.PolicySpec;
import io.relayscope.trace.SamplingSpec;
import io.relayscope.trace.TraceHeader;
import io.relayscope.trace.sampling.SamplingCatalogue;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the next run will do: the prompt, the call policy and its parameters, sampling, seed and limits. */
public final class RunSettingsViewModel {
    public static final List<String> POLICIES = Policies.NAMES;

    private final StringProperty prompt = new SimpleStringProperty("");
    private final ObservableList<String> sampleQuestions = FXCollections.observableArrayList();
    private final StringProperty policy = new SimpleStringProperty(Policies.CONFIDENCE);
    private final DoubleProperty threshold = new SimpleDoubleProperty(PolicyCatalogue.parameter(Policies.THRESHOLD).defaultValue());
    private final DoubleProperty entropy = new SimpleDoubleProperty(PolicyCatalogue.parameter(Policies.ENTROPY).defaultValue());
    private final IntegerProperty callTokens = new SimpleIntegerProperty((int) PolicyCatalogue.parameter(Policies.CALL_TOKENS).defaultValue());
    private final DoubleProperty probability = new SimpleDoubleProperty(PolicyCatalogue.parameter(Policies.P).defaultValue());
    private final DoubleProperty slmTemperature = new SimpleDoubleProperty(catalogueDefault(SamplingCatalogue.TEMPERATURE));
    private final DoubleProperty llmTemperature = new SimpleDoubleProperty(catalogueDefault(SamplingCatalogue.TEMPERATURE));
    private final DoubleProperty topP = new SimpleDoubleProperty(catalogueDefault(SamplingCatalogue.TOP_P));
    private final IntegerProperty topK = new SimpleIntegerProperty((int) catalogueDefault(SamplingCatalogue.TOP_K));
    private final DoubleProperty minP = new SimpleDoubleProperty(catalogueDefault(SamplingCatalogue.MIN_P));
    private final DoubleProperty repetitionPenalty = new SimpleDoubleProperty(catalogueDefault(SamplingCatalogue.REPETITION_PENALTY));
    private final LongProperty seed = new SimpleLongProperty((long) catalogueDefault(SamplingCatalogue.SEED));
    private final IntegerProperty maxNewTokens = new SimpleIntegerProperty(
            (int) catalogueDefault(SamplingCatalogue.MAX_NEW_TOKENS));
    private final IntegerProperty maxCalls = new SimpleIntegerProperty(
            (int) catalogueDefault(SamplingCatalogue.MAX_CALLS));
    private final BooleanProperty editable = new SimpleBooleanProperty(true);
    private final BooleanProperty llmOpinion = new SimpleBooleanProperty(catalogueDefault(SamplingCatalogue.LLM_OPINION) != 0);
    private final BooleanBinding usesThreshold = policyUses(Policies.THRESHOLD);
    private final BooleanBinding usesEntropy = policyUses(Policies.ENTROPY);
    private final BooleanBinding usesCallTokens = policyUses(Policies.CALL_TOKENS);
    private final BooleanBinding usesProbability = policyUses(Policies.P);
    private final javafx.beans.binding.StringBinding policyHelp = Bindings.createStringBinding(
            () -> Policies.NAMES.contains(policy.get()) ? PolicyCatalogue.info(policy.get()).help() : "", policy);
    private final BooleanProperty useTemplate = new SimpleBooleanProperty(true);
    private final StringProperty systemPrompt = new SimpleStringProperty("");
    private final javafx.beans.property.ObjectProperty<PromptStyle.Thinking> thinking =
            new javafx.beans.property.SimpleObjectProperty<>(PromptStyle.Thinking.DEFAULT);
    private final BooleanProperty chatTemplateAvailable = new SimpleBooleanProperty(false);
    private final javafx.beans.property.ReadOnlyStringWrapper promptPreview = new javafx.beans.property.ReadOnlyStringWrapper("");
    private final javafx.beans.property.ReadOnlyStringWrapper modelDefaults = new javafx.beans.property.ReadOnlyStringWrapper("");
    private final javafx.beans.property.ReadOnlyBooleanWrapper atModelDefaults = new javafx.beans.property.ReadOnlyBooleanWrapper(true);
    private java.util.function.BiFunction<String, PromptStyle, String> promptFormatter = (q, style) -> q;
    private java.util.function.Supplier<java.util.Optional<String>> questionSource = java.util.Optional::empty;
    private final BooleanProperty newQuestionAvailable = new SimpleBooleanProperty(false);
    private final FieldProblems fieldProblems = new FieldProblems();
    private final javafx.beans.binding.StringBinding runProblem = Bindings.createStringBinding(() -> {
        if (!fieldProblems.firstProblem().get().isEmpty()) {
            return fieldProblems.firstProblem().get();
        }
        return prompt.get() == null || prompt.get().isBlank() ? "The prompt is empty: type a question or pick a sample" : "";
    }, fieldProblems.firstProblem(), prompt);
    private GenerationDefaults slmDefaults = GenerationDefaults.NONE;
    private GenerationDefaults llmDefaults = GenerationDefaults.NONE;

    /** Every setting starts at its one default in the sampling catalogue, which the CLI's options start from too. */
    private static double catalogueDefault(String key) {
        return SamplingCatalogue.control(key).defaultValue();
    }

    public RunSettingsViewModel(List<String> samples) {
        sampleQuestions.setAll(samples);
        if (!samples.isEmpty()) {
            prompt.set(samples.get(0));
        }
        for (javafx.beans.Observable o : List.of(prompt, useTemplate, systemPrompt, thinking)) {
            o.addListener(x -> updatePreview());
        }
        for (javafx.beans.Observable o : List.of(slmTemperature, llmTemperature, topK, topP, minP, repetitionPenalty)) {
            o.addListener(x -> atModelDefaults.set(matchesModelDefaults()));
        }
    }

    /**
     * A pair was loaded: the sampling controls take the models' generation_config.json defaults, and the prompt
     * preview uses their template ({@code formatter} makes the exact prompt text of a question and style).
     */
    public void modelsLoaded(GenerationDefaults slm, GenerationDefaults llm,
                             java.util.function.BiFunction<String, PromptStyle, String> formatter, boolean chatTemplate) {
        this.slmDefaults = slm;
        this.llmDefaults = llm;
        this.promptFormatter = formatter;
        chatTemplateAvailable.set(chatTemplate);
        String both = slm.sampling().equals(llm.sampling()) ? GenerationDefaults.describe(slm.sampling())
                : "SLM " + GenerationDefaults.describe(slm.sampling()) + ", LLM " + GenerationDefaults.describe(llm.sampling());
        modelDefaults.set("Model default: " + both
                + (slm.fromFile() || llm.fromFile() ? " (generation_config.json)" : " (no generation_config.json)"));
        useModelDefaults();
        updatePreview();
    }

    /** Sets the sampling controls back to the models' defaults. */
    public void useModelDefaults() {
        SamplingSpec s = slmDefaults.sampling();
        slmTemperature.set(s.temperature());
        llmTemperature.set(llmDefaults.sampling().temperature());
        topK.set(s.topK());
        topP.set(s.topP());
        minP.set(s.minP());
        repetitionPenalty.set(s.repetitionPenalty());
        atModelDefaults.set(matchesModelDefaults());
    }

    private boolean matchesModelDefaults() {
        SamplingSpec s = slmDefaults.sampling();
        return slmTemperature.get() == s.temperature() && llmTemperature.get() == llmDefaults.sampling().temperature()
                && topK.get() == s.topK() && Math.abs(topP.get() - s.topP()) < 1e-9
                && Math.abs(minP.get() - s.minP()) < 1e-9 && Math.abs(repetitionPenalty.get() - s.repetitionPenalty()) < 1e-9;
    }

    private void updatePreview() {
        try {
            promptPreview.set(promptFormatter.apply(prompt.get() == null ? "" : prompt.get(), promptStyle()));
        } catch (RuntimeException e) {
            promptPreview.set("(the chat template failed: " + e.getMessage() + ")");
        }
    }

    /** How the prompt is templated: template on/off, system prompt, thinking switch. */
    public PromptStyle promptStyle() {
        return new PromptStyle(useTemplate.get(), useTemplate.get() ? systemPrompt.get() : "",
                useTemplate.get() ? thinking.get() : PromptStyle.Thinking.DEFAULT);
    }

    /** True while the chosen policy reads the parameter (from the policy catalogue). */
    private BooleanBinding policyUses(String key) {
        return Bindings.createBooleanBinding(() -> PolicyCatalogue.users(key).contains(policy.get()), policy);
    }

    /** The policy with only the parameters it uses. */
    public PolicySpec policySpec() {
        Map<String, Double> params = new LinkedHashMap<>();
        if (usesThreshold.get()) {
            params.put(Policies.THRESHOLD, threshold.get());
        }
        if (usesEntropy.get() && entropy.get() > 0) {
            params.put(Policies.ENTROPY, entropy.get());
        }
        if (usesCallTokens.get()) {
            params.put(Policies.CALL_TOKENS, (double) callTokens.get());
        }
        if (usesProbability.get()) {
            params.put(Policies.P, probability.get());
        }
        return new PolicySpec(policy.get(), params);
    }

    public RelayRequest toRequest() {
        return new RelayRequest(prompt.get(), policySpec(),
                new SamplingSpec(slmTemperature.get(), topK.get(), topP.get(), minP.get(), repetitionPenalty.get()),
                new SamplingSpec(llmTemperature.get(), topK.get(), topP.get(), minP.get(), repetitionPenalty.get()),
                seed.get(), new Limits(maxNewTokens.get(), maxCalls.get()), promptStyle());
    }

    /** Takes over what a trace was run with, so that opening a trace and pressing Run repeats it. */
    public void apply(TraceHeader header) {
        if (header == null) {
            return;
        }
        if (header.prompt() != null) {
            prompt.set(header.prompt());
        }
        PolicySpec p = header.policy();
        if (p != null && POLICIES.contains(p.name())) {
            policy.set(p.name());
            threshold.set(p.parameter(Policies.THRESHOLD, threshold.get()));
            entropy.set(p.parameter(Policies.ENTROPY, 0));
            callTokens.set((int) p.parameter(Policies.CALL_TOKENS, callTokens.get()));
            probability.set(p.parameter(Policies.P, probability.get()));
        }
        if (header.slmSampling() != null) {
            slmTemperature.set(header.slmSampling().temperature());
            topK.set(header.slmSampling().topK());
            topP.set(header.slmSampling().topP());
            minP.set(header.slmSampling().minP());
            repetitionPenalty.set(header.slmSampling().repetitionPenalty());
        }
        if (header.llmSampling() != null) {
            llmTemperature.set(header.llmSampling().temperature());
        }
        if (header.promptSpec().recorded()) {
            useTemplate.set(!"raw".equals(header.promptSpec().format()));
            systemPrompt.set(header.promptSpec().system());
            thinking.set(switch (header.promptSpec().thinking()) {
                case "on" -> PromptStyle.Thinking.ON;
                case "off" -> PromptStyle.Thinking.OFF;
                default -> PromptStyle.Thinking.DEFAULT;
            });
        }
        seed.set(header.seed());
        if (header.limits() != null) {
            maxNewTokens.set(header.limits().maxNewTokens());
            maxCalls.set(header.limits().maxCalls());
        }
    }

    /** Min-p of both models: keep tokens with at least this times the top token's probability; 0 is off. */
    public DoubleProperty minPProperty() {
        return minP;
    }

    /** Repetition penalty of both models on the tokens already in their context; 1 is off. */
    public DoubleProperty repetitionPenaltyProperty() {
        return repetitionPenalty;
    }

    public StringProperty promptProperty() {
        return prompt;
    }

    /** Where "New question" draws from (the demo grammar in the app); until one is set the action is unavailable. */
    public void setQuestionSource(java.util.function.Supplier<java.util.Optional<String>> source) {
        questionSource = source;
        newQuestionAvailable.set(true);
    }

    /** "New question": a fresh problem into the prompt; false (prompt unchanged) when the source has none. */
    public boolean newQuestion() {
        java.util.Optional<String> q = questionSource.get();
        q.ifPresent(prompt::set);
        if (q.isEmpty()) {
            newQuestionAvailable.set(false);
        }
        return q.isPresent();
    }

    public javafx.beans.value.ObservableBooleanValue newQuestionAvailableProperty() {
        return newQuestionAvailable;
    }

    public ObservableList<String> sampleQuestions() {
        return sampleQuestions;
    }

    /** Through the model's template (chat template, or a demo model's plain one); off feeds the prompt as typed. */
    public BooleanProperty useTemplateProperty() {
        return useTemplate;
    }

    public StringProperty systemPromptProperty() {
        return systemPrompt;
    }

    public javafx.beans.property.ObjectProperty<PromptStyle.Thinking> thinkingProperty() {
        return thinking;
    }

    /** True when the SLM has a chat template (system prompt and thinking switch apply). */
    public BooleanProperty chatTemplateAvailableProperty() {
        return chatTemplateAvailable;
    }

    /** The exact prompt text the next run feeds, special tokens as text. */
    public javafx.beans.property.ReadOnlyStringProperty promptPreviewProperty() {
        return promptPreview.getReadOnlyProperty();
    }

    /** "Model default: SLM temperature 0.6, top-k 20, top-p 0.95, LLM ... (generation_config.json)". */
    public javafx.beans.property.ReadOnlyStringProperty modelDefaultsProperty() {
        return modelDefaults.getReadOnlyProperty();
    }

    /** True while the sampling controls hold the models' defaults. */
    public javafx.beans.property.ReadOnlyBooleanProperty atModelDefaultsProperty() {
        return atModelDefaults.getReadOnlyProperty();
    }

    public StringProperty policyProperty() {
        return policy;
    }

    /** The number fields whose text is not a value (marked in the view; Run waits for them). */
    public FieldProblems fieldProblems() {
        return fieldProblems;
    }

    /** Why the settings cannot be run as they are ("" when they can): a wrong field, or an empty prompt. */
    public javafx.beans.binding.StringBinding runProblem() {
        return runProblem;
    }

    /** The chosen policy's help text from the policy catalogue (the drop-down's tooltip). */
    public javafx.beans.binding.StringBinding policyHelp() {
        return policyHelp;
    }

    public DoubleProperty thresholdProperty() {
        return threshold;
    }

    /** Entropy limit in nats for the confidence policy; 0 means off. */
    public DoubleProperty entropyProperty() {
        return entropy;
    }

    public IntegerProperty callTokensProperty() {
        return callTokens;
    }

    public DoubleProperty probabilityProperty() {
        return probability;
    }

    public DoubleProperty slmTemperatureProperty() {
        return slmTemperature;
    }

    public DoubleProperty llmTemperatureProperty() {
        return llmTemperature;
    }

    public DoubleProperty topPProperty() {
        return topP;
    }

    public IntegerProperty topKProperty() {
        return topK;
    }

    public LongProperty seedProperty() {
        return seed;
    }

    public IntegerProperty maxNewTokensProperty() {
        return maxNewTokens;
    }

    public IntegerProperty maxCallsProperty() {
        return maxCalls;
    }

    /** False while a run is going: settings are frozen. */
    /** After each run, score every response token with both models (critical tokens); slower. */
    public BooleanProperty llmOpinionProperty() {
        return llmOpinion;
    }

    public BooleanProperty editableProperty() {
        return editable;
    }

    public BooleanBinding usesThreshold() {
        return usesThreshold;
    }

    public BooleanBinding usesEntropy() {
        return usesEntropy;
    }

    public BooleanBinding usesCallTokens() {
        return usesCallTokens;
    }

    public BooleanBinding usesProbability() {
        return usesProbability;
    }
}
