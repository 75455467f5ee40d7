package io.relayscope.app.viewmodel;

import io.relayscope.engine.Policies;
import io.relayscope.engine.RelayRequest;
import io.relayscope.trace.Limits;
import io.relayscope.trace.PolicySpec;
import io.relayscope.trace.SamplingSpec;
import io.relayscope.trace.TraceHeader;
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
    private final StringProperty policy = new SimpleStringProperty("confidence");
    private final DoubleProperty threshold = new SimpleDoubleProperty(0.5);
    private final DoubleProperty entropy = new SimpleDoubleProperty(0);
    private final IntegerProperty callTokens = new SimpleIntegerProperty(4);
    private final DoubleProperty probability = new SimpleDoubleProperty(0.05);
    private final DoubleProperty slmTemperature = new SimpleDoubleProperty(0);
    private final DoubleProperty llmTemperature = new SimpleDoubleProperty(0);
    private final DoubleProperty topP = new SimpleDoubleProperty(1.0);
    private final IntegerProperty topK = new SimpleIntegerProperty(0);
    private final LongProperty seed = new SimpleLongProperty(42);
    private final IntegerProperty maxNewTokens = new SimpleIntegerProperty(512);
    private final IntegerProperty maxCalls = new SimpleIntegerProperty(64);
    private final BooleanProperty editable = new SimpleBooleanProperty(true);
    private final BooleanProperty llmOpinion = new SimpleBooleanProperty(false);
    private final BooleanBinding usesThreshold = policyIs("confidence");
    private final BooleanBinding usesEntropy = policyIs("confidence");
    private final BooleanBinding usesCallTokens = policyIs("confidence").or(policyIs("random-token"));
    private final BooleanBinding usesProbability = policyIs("random-token").or(policyIs("random-query"));

    public RunSettingsViewModel(List<String> samples) {
        sampleQuestions.setAll(samples);
        if (!samples.isEmpty()) {
            prompt.set(samples.get(0));
        }
    }

    private BooleanBinding policyIs(String name) {
        return Bindings.createBooleanBinding(() -> name.equals(policy.get()), policy);
    }

    /** The policy with only the parameters it uses. */
    public PolicySpec policySpec() {
        Map<String, Double> params = new LinkedHashMap<>();
        if (usesThreshold.get()) {
            params.put("threshold", threshold.get());
        }
        if (usesEntropy.get() && entropy.get() > 0) {
            params.put("entropy", entropy.get());
        }
        if (usesCallTokens.get()) {
            params.put("callTokens", (double) callTokens.get());
        }
        if (usesProbability.get()) {
            params.put("p", probability.get());
        }
        return new PolicySpec(policy.get(), params);
    }

    public RelayRequest toRequest() {
        return new RelayRequest(prompt.get(), policySpec(),
                new SamplingSpec(slmTemperature.get(), topK.get(), topP.get()),
                new SamplingSpec(llmTemperature.get(), topK.get(), topP.get()),
                seed.get(), new Limits(maxNewTokens.get(), maxCalls.get()));
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
            threshold.set(p.parameter("threshold", threshold.get()));
            entropy.set(p.parameter("entropy", 0));
            callTokens.set((int) p.parameter("callTokens", callTokens.get()));
            probability.set(p.parameter("p", probability.get()));
        }
        if (header.slmSampling() != null) {
            slmTemperature.set(header.slmSampling().temperature());
            topK.set(header.slmSampling().topK());
            topP.set(header.slmSampling().topP());
        }
        if (header.llmSampling() != null) {
            llmTemperature.set(header.llmSampling().temperature());
        }
        seed.set(header.seed());
        if (header.limits() != null) {
            maxNewTokens.set(header.limits().maxNewTokens());
            maxCalls.set(header.limits().maxCalls());
        }
    }

    public StringProperty promptProperty() {
        return prompt;
    }

    public ObservableList<String> sampleQuestions() {
        return sampleQuestions;
    }

    public StringProperty policyProperty() {
        return policy;
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
