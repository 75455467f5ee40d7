package io.relayscope;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Keeps JavaFX out of the headless layers, the layers pointing downwards, and views out of the view models. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.relayscope");

    @Test
    void headlessLayersDoNotDependOnJavaFx() {
        noClasses().that().resideInAnyPackage("io.relayscope.engine..", "io.relayscope.trace..", "io.relayscope.eval..",
                        "io.relayscope.cli..", "io.relayscope.serve..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "io.relayscope.app..")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void layersPointDownwardsOnly() {
        noClasses().that().resideInAPackage("io.relayscope.trace..")
                .should().dependOnClassesThat().resideInAnyPackage("io.relayscope.engine..", "io.relayscope.eval..",
                        "io.relayscope.cli..", "io.relayscope.app..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.relayscope.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("io.relayscope.eval..", "io.relayscope.cli..",
                        "io.relayscope.app..", "io.relayscope.serve..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.relayscope.serve..")
                .should().dependOnClassesThat().resideInAnyPackage("io.relayscope.eval..", "io.relayscope.cli..",
                        "io.relayscope.app..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.relayscope.eval..")
                .should().dependOnClassesThat().resideInAnyPackage("io.relayscope.cli..", "io.relayscope.app..")
                .check(CLASSES);
    }

    @Test
    void viewModelsDoNotKnowNodesOrViews() {
        noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .should().dependOnClassesThat().areAssignableTo(javafx.scene.Node.class)
                .orShould().dependOnClassesThat().resideInAnyPackage("io.relayscope.app.view..", "javafx.stage..",
                        "org.controlsfx..")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void appModelAndServicesDoNotKnowViews() {
        noClasses().that().resideInAnyPackage("io.relayscope.app.model..", "io.relayscope.app.service..",
                        "io.relayscope.app.viewmodel..")
                .should().dependOnClassesThat().resideInAnyPackage("io.relayscope.app.view..")
                .check(CLASSES);
    }

    /** View models run without the JavaFX runtime: time comes from an injected FrameClock, work from the BackgroundRunner. */
    @Test
    void viewModelsHaveNoAnimationTimersThreadsOrTasks() {
        noClasses().that().resideInAPackage("io.relayscope.app.viewmodel..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.animation..", "javafx.concurrent..")
                .orShould().dependOnClassesThat().belongToAnyOf(Thread.class, java.util.concurrent.Executors.class,
                        java.util.concurrent.ExecutorService.class, java.util.Timer.class, javafx.application.Platform.class)
                .check(CLASSES);
    }
}
