package io.relayscope.app;

import io.relayscope.app.service.AppServices;
import io.relayscope.app.service.BackgroundRunner;
import io.relayscope.app.service.ModelService;
import io.relayscope.app.service.RecentFiles;
import io.relayscope.app.service.TraceFiles;
import io.relayscope.app.viewmodel.MainViewModel;
import io.relayscope.trace.FinishReason;
import io.relayscope.trace.Source;
import io.relayscope.trace.Trace;
import io.relayscope.trace.TraceCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.prefs.Preferences;

import static io.relayscope.app.AppFixture.fx;
import static io.relayscope.app.AppFixture.fxRun;
import static io.relayscope.app.AppFixture.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/** The main view model with scripted model services: streaming, failures, first start, recent files. */
@ExtendWith(ApplicationExtension.class)
class MainViewModelTest {
    private final Preferences prefs = Preferences.userRoot().node("relayscope-vmtest-" + UUID.randomUUID());
    private final TestDialogs dialogs = new TestDialogs();
    private MainViewModel vm;

    @TempDir
    Path tmp;

    private MainViewModel create(ModelService models, TraceFiles files) {
        AppServices services = new AppServices(dialogs, new BackgroundRunner(), models, files, new RecentFiles(prefs), prefs,
                List.of("What is 2+2?"));
        vm = fx(() -> new MainViewModel(services));
        fxRun(() -> vm.models().loadDemo());
        waitFor(30, () -> vm.models().loaded() != null);
        return vm;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (vm != null) {
            fxRun(vm::shutdown);
        }
        prefs.removeNode();
    }

    @Test
    void streamedRunMatchesTheEngineTraceAndDrainsInBatches() {
        Trace trace = SyntheticTraces.build(3_000, 100, 8);
        create(new StreamingModels(trace, 0), new TraceFiles());
        fxRun(vm::run);
        waitFor(60, () -> !vm.runningProperty().get());
        assertThat(fx(() -> vm.sessionView().currentTrace().orElseThrow())).isEqualTo(trace);
        assertThat(fx(() -> vm.sessionView().shownTokens())).isEqualTo(trace.tokens().size());
        assertThat(fx(() -> vm.counters().llmTokensProperty().get())).isEqualTo(trace.summary().llmTokens());
        assertThat(fx(() -> vm.timeline().data().calls())).hasSize(trace.calls().size());
        assertThat(fx(() -> vm.document().dirtyProperty().get())).isTrue();
        assertThat(fx(() -> vm.replay().enabledProperty().get())).isTrue();
    }

    @Test
    void failureInsideDecodingShowsOneLineDialogAndKeepsTokensAndPrompt() {
        Trace trace = SyntheticTraces.build(500, 100, 8);
        create(new FailingModels(trace, 120), new TraceFiles());
        fxRun(() -> vm.settings().promptProperty().set("my own question"));
        fxRun(vm::run);
        waitFor(30, () -> !vm.runningProperty().get());
        assertThat(dialogs.errors()).hasSize(1);
        assertThat(dialogs.errors().get(0).reason()).isEqualTo("ONNX Runtime ran out of memory");
        Trace partial = fx(() -> vm.sessionView().currentTrace().orElseThrow());
        assertThat(partial.tokens()).hasSize(120);
        assertThat(partial.summary().finishReason()).isEqualTo(FinishReason.ERROR);
        assertThat(fx(() -> vm.settings().promptProperty().get())).isEqualTo("my own question");
        assertThat(fx(() -> vm.document().dirtyProperty().get())).isTrue();
    }

    @Test
    void firstStartOffersTheSampleSessionsOnce() throws Exception {
        Trace trace = SyntheticTraces.build(300, 100, 8);
        Path sample = tmp.resolve("confidence.json");
        TraceCodec.write(trace, sample);
        TraceFiles files = new TraceFiles() {
            @Override
            public List<Path> sampleSessions() {
                return List.of(sample);
            }
        };
        create(new StreamingModels(trace, 0), files);
        dialogs.sampleAnswer = sample;
        fxRun(vm.document()::offerSamplesOnFirstStart);
        waitFor(30, () -> !vm.session().isEmpty() && !vm.document().busyProperty().get());
        assertThat(dialogs.offeredSamples).containsExactly(sample);
        assertThat(fx(() -> vm.sessionView().currentTrace().orElseThrow())).isEqualTo(trace);

        dialogs.offeredSamples = null;
        fxRun(vm.document()::offerSamplesOnFirstStart);
        assertThat(dialogs.offeredSamples).isNull();
    }

    @Test
    void droppedTraceFileOpensAfterConfirmingUnsavedWork() throws Exception {
        Trace first = SyntheticTraces.build(300, 100, 8);
        Trace second = SyntheticTraces.build(200, 50, 4);
        create(new StreamingModels(first, 0), new TraceFiles());
        fxRun(vm::run);
        waitFor(30, () -> !vm.runningProperty().get());
        Path file = tmp.resolve("dropped.json");
        TraceCodec.write(second, file);

        dialogs.confirmAnswers.add(false);
        fxRun(() -> vm.document().openDropped(List.of(tmp.resolve("notes.txt"), file)));
        assertThat(dialogs.confirmations).hasSize(1);
        assertThat(fx(() -> vm.sessionView().currentTrace().orElseThrow())).isEqualTo(first);

        fxRun(() -> vm.document().openDropped(List.of(tmp.resolve("notes.txt"), file)));
        waitFor(30, () -> vm.document().currentFileProperty().get() != null && !vm.document().busyProperty().get());
        assertThat(fx(() -> vm.sessionView().currentTrace().orElseThrow())).isEqualTo(second);
    }

    @Test
    void everyBundledSampleSessionOpensCleanly() {
        List<Path> samples = new TraceFiles().sampleSessions();
        assertThat(samples).as("sample-sessions/*.json").isNotEmpty();
        create(new StreamingModels(SyntheticTraces.build(10, 5, 2), 0), new TraceFiles());
        for (Path sample : samples) {
            fxRun(() -> vm.document().openFile(sample));
            waitFor(60, () -> sample.equals(vm.document().currentFileProperty().get()) && !vm.document().busyProperty().get());
            assertThat(dialogs.errors()).as(sample.toString()).isEmpty();
            assertThat(fx(() -> vm.sessionView().shownTokens())).isEqualTo(fx(() -> vm.session().size())).isPositive();
            assertThat(fx(() -> vm.statusProperty().get())).contains("recorded with tiny-slm-");
        }
    }

    @Test
    void importOpensAnotherToolsOutputAsUnsavedTraceAndExportWritesHtml() throws Exception {
        create(new StreamingModels(SyntheticTraces.build(10, 5, 2), 0), new TraceFiles());
        Path openAi = tmp.resolve("openai.json");
        java.nio.file.Files.writeString(openAi, "{\"choices\":[{\"logprobs\":{\"content\":["
                + "{\"token\":\"Hi\",\"logprob\":-0.1,\"bytes\":[72,105],\"top_logprobs\":[]},"
                + "{\"token\":\" there\",\"logprob\":-0.7,\"bytes\":[32,116,104,101,114,101],\"top_logprobs\":[]}]},"
                + "\"finish_reason\":\"stop\"}]}");
        dialogs.importAnswers.add(openAi);
        fxRun(vm.document()::importFile);
        waitFor(30, () -> !vm.session().isEmpty() && !vm.document().busyProperty().get());
        assertThat(dialogs.errors()).isEmpty();
        assertThat(fx(() -> vm.session().summary().responseText())).isEqualTo("Hi there");
        assertThat(fx(() -> vm.document().dirtyProperty().get())).isTrue();

        Path html = tmp.resolve("export.html");
        dialogs.exportAnswers.add(html);
        fxRun(() -> vm.document().export(io.relayscope.app.service.ExportFormat.HTML));
        waitFor(30, () -> java.nio.file.Files.exists(html));
        assertThat(java.nio.file.Files.readString(html)).containsIgnoringCase("<html");
    }

    @Test
    void recentFilesArePersistedNewestFirstWithoutDuplicates() {
        RecentFiles recent = new RecentFiles(prefs);
        for (int i = 0; i < 10; i++) {
            recent.add(tmp.resolve("t" + i + ".json"));
        }
        recent.add(tmp.resolve("t5.json"));
        List<Path> list = new RecentFiles(prefs).list();
        assertThat(list).hasSize(RecentFiles.MAX);
        assertThat(list.get(0)).isEqualTo(tmp.resolve("t5.json").toAbsolutePath().normalize());
        assertThat(list).doesNotHaveDuplicates();
    }

    @Test
    void responseTokensOfEverySourceAreColouredByTheirSource() {
        Trace trace = SyntheticTraces.build(400, 100, 8);
        create(new StreamingModels(trace, 0), new TraceFiles());
        fxRun(() -> vm.show(trace));
        assertThat(fx(() -> vm.session().tokens().stream().map(t -> t.source()).distinct().toList()))
                .contains(Source.PROMPT, Source.SLM, Source.COMMAND, Source.LLM);
    }
}
