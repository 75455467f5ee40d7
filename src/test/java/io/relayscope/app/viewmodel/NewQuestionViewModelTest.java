package io.relayscope.app.viewmodel;

import io.relayscope.app.service.SampleQuestions;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** "New question" in the run settings' view model, without a view, and the demo grammar source behind it. */
class NewQuestionViewModelTest {
    @Test
    void aDrawnQuestionReplacesThePromptAndAnEmptySourceTurnsTheActionOff() {
        RunSettingsViewModel vm = new RunSettingsViewModel(List.of("first"));
        assertThat(vm.newQuestionAvailableProperty().get()).as("no source yet").isFalse();
        assertThat(vm.newQuestion()).isFalse();
        Deque<Optional<String>> answers = new ArrayDeque<>(List.of(Optional.of("Q1?"), Optional.empty()));
        vm.setQuestionSource(answers::pop);
        assertThat(vm.newQuestionAvailableProperty().get()).isTrue();
        assertThat(vm.newQuestion()).isTrue();
        assertThat(vm.promptProperty().get()).isEqualTo("Q1?");
        assertThat(vm.newQuestion()).isFalse();
        assertThat(vm.promptProperty().get()).as("kept").isEqualTo("Q1?");
        assertThat(vm.newQuestionAvailableProperty().get()).isFalse();
    }

    @Test
    void theDemoGrammarSourceRemembersEachAnswer() {
        Random rng = new Random(11);
        for (int i = 0; i < 20; i++) {
            String q = SampleQuestions.drawNew(rng).orElseThrow();
            assertThat(SampleQuestions.expectedAnswer(q)).isPresent();
            assertThat(Integer.parseInt(SampleQuestions.expectedAnswer(q).get())).isBetween(0, 99);
        }
    }
}
