package org.commakit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph of the library (docs/architecture.md): no cycle, and every package imports only the layers below
 * it, in the direction the data flows (clip, data → prompt → loss → train → miniworld → protocol → plot, with bench,
 * course and cli on top).
 */
class ArchitectureTest {

    private static JavaClasses library;

    @BeforeAll
    static void importTheLibrary() {
        library = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.commakit");
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("org.commakit.(*)..").should().beFreeOfCycles().check(library);
    }

    @Test
    void eachLayerImportsOnlyTheLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("clip").definedBy("org.commakit.clip..")
                .layer("data").definedBy("org.commakit.data..")
                .layer("prompt").definedBy("org.commakit.prompt..")
                .layer("loss").definedBy("org.commakit.loss..")
                .layer("train").definedBy("org.commakit.train..")
                .layer("miniworld").definedBy("org.commakit.miniworld..")
                .layer("protocol").definedBy("org.commakit.protocol..")
                .layer("plot").definedBy("org.commakit.plot..")
                .layer("bench").definedBy("org.commakit.bench..")
                .layer("cli").definedBy("org.commakit.cli..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("bench").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("plot").mayOnlyBeAccessedByLayers("bench", "cli")
                .whereLayer("protocol").mayOnlyBeAccessedByLayers("plot", "bench", "cli")
                .whereLayer("miniworld").mayOnlyBeAccessedByLayers("protocol", "plot", "bench", "cli")
                .whereLayer("train").mayOnlyBeAccessedByLayers("miniworld", "protocol", "plot", "bench", "cli")
                .whereLayer("loss").mayOnlyBeAccessedByLayers("train", "miniworld", "protocol", "plot", "bench", "cli")
                .whereLayer("prompt").mayOnlyBeAccessedByLayers("loss", "train", "miniworld", "protocol", "plot",
                        "bench", "cli")
                .whereLayer("data").mayOnlyBeAccessedByLayers("loss", "train", "miniworld", "protocol", "plot",
                        "bench", "cli")
                .check(library);
    }

    @Test
    void theCourseApiIsForNotebooksOnly() {
        // org.commakit.course sits on top of the library, for the chapters; no library package depends on it
        noClasses().that().resideOutsideOfPackage("org.commakit.course..").should().dependOnClassesThat()
                .resideInAPackage("org.commakit.course..").check(library);
    }

    @Test
    void theBackboneNeverKnowsAboutPrompts() {
        noClasses().that().resideInAPackage("org.commakit.clip..").should().dependOnClassesThat()
                .resideInAnyPackage("org.commakit.prompt..", "org.commakit.data..").check(library);
    }

    @Test
    void protocolsNeverTouchTensors() {
        noClasses().that().resideInAPackage("org.commakit.protocol..").should().dependOnClassesThat()
                .resideInAPackage("ai.djl.ndarray..").check(library);
    }

    @Test
    void onlyTheCommandLineHasMainMethods() {
        methods().that().haveName("main").and().areStatic()
                .should().beDeclaredInClassesThat().resideInAPackage("org.commakit.cli..").allowEmptyShould(true)
                .check(library);
    }
}
