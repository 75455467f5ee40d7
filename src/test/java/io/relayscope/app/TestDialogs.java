package io.relayscope.app;

import io.relayscope.app.service.DialogService;
import io.relayscope.app.service.RemoteModelForm;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** A dialog service for tests: records every dialog and answers from queues (confirm: yes unless told). */
final class TestDialogs implements DialogService {
    record Shown(String title, String reason) {
    }

    final List<Shown> errors = new ArrayList<>();
    final List<String> confirmations = new ArrayList<>();
    final List<String> questions = new ArrayList<>();
    final Deque<Boolean> confirmAnswers = new ArrayDeque<>();
    final Deque<Path> openAnswers = new ArrayDeque<>();
    final Deque<List<Path>> compareAnswers = new ArrayDeque<>();
    final Deque<Path> saveAnswers = new ArrayDeque<>();
    final Deque<Path> folderAnswers = new ArrayDeque<>();
    final Deque<Path> importAnswers = new ArrayDeque<>();
    final Deque<Path> exportAnswers = new ArrayDeque<>();
    final Deque<RemoteModelForm> remoteAnswers = new ArrayDeque<>();
    Path sampleAnswer;
    List<Path> offeredSamples;

    @Override
    public synchronized void showError(String title, String reason) {
        errors.add(new Shown(title, reason));
    }

    @Override
    public synchronized boolean confirm(String title, String question) {
        confirmations.add(title);
        questions.add(question);
        return confirmAnswers.isEmpty() || confirmAnswers.pop();
    }

    @Override
    public Optional<Path> chooseTraceToOpen() {
        return Optional.ofNullable(openAnswers.poll());
    }

    @Override
    public synchronized List<Path> chooseTracesToCompare() {
        List<Path> answer = compareAnswers.poll();
        return answer == null ? List.of() : answer;
    }

    @Override
    public Optional<Path> chooseTraceToSave(String suggestedName) {
        return Optional.ofNullable(saveAnswers.poll());
    }

    @Override
    public Optional<Path> chooseModelFolder(String title) {
        return Optional.ofNullable(folderAnswers.poll());
    }

    @Override
    public Optional<Path> chooseFileToImport() {
        return Optional.ofNullable(importAnswers.poll());
    }

    @Override
    public Optional<Path> chooseExportTarget(String title, String suggestedName, String extension) {
        return Optional.ofNullable(exportAnswers.poll());
    }

    @Override
    public Optional<RemoteModelForm> askRemoteModel(String title) {
        return Optional.ofNullable(remoteAnswers.poll());
    }

    @Override
    public Optional<Path> chooseSampleSession(List<Path> samples) {
        offeredSamples = samples;
        return Optional.ofNullable(sampleAnswer);
    }

    synchronized List<Shown> errors() {
        return List.copyOf(errors);
    }
}
