package dev.gatehouse.controller.translate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.gatehouse.controller.testing.PackageSlices;
import org.junit.jupiter.api.Test;

/**
 * The translator's structure, checked on its compiled classes: its packages and its classes form no cycle, and it
 * imports nothing of the proxy, whose only input is the snapshot.
 */
@AnalyzeClasses(packages = ArchitectureTest.TRANSLATE, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    static final String TRANSLATE = "dev.gatehouse.controller.translate";

    @ArchTest
    static final ArchRule the_translators_packages_depend_on_each_other_without_a_cycle =
            slices().assignedFrom(PackageSlices.packagesOf(TRANSLATE)).should().beFreeOfCycles();

    @ArchTest
    static final ArchRule the_translators_classes_depend_on_each_other_without_a_cycle =
            slices().assignedFrom(PackageSlices.classesOf(TRANSLATE)).should().beFreeOfCycles();

    @ArchTest
    static final ArchRule the_gateway_api_translator_uses_only_the_shared_objects_of_the_translator =
            noClasses().that().resideInAPackage(TRANSLATE + ".gateway..").should().dependOnClassesThat()
                    .resideInAnyPackage(TRANSLATE, TRANSLATE + ".annotations..", TRANSLATE + ".labels..");

    @ArchTest
    static final ArchRule the_translator_imports_nothing_of_the_proxy =
            noClasses().that().resideInAPackage(TRANSLATE + "..").should().dependOnClassesThat().resideInAPackage("dev.gatehouse.proxy..");

    @Test
    void a_cycle_between_two_packages_or_their_classes_fails_the_cycle_rules() {
        String root = "dev.gatehouse.controller.testing.cycle";
        JavaClasses cyclic = new ClassFileImporter().importPackages(root);

        assertThat(slices().assignedFrom(PackageSlices.packagesOf(root)).should().beFreeOfCycles().evaluate(cyclic).hasViolation())
                .isTrue();
        assertThat(slices().assignedFrom(PackageSlices.classesOf(root)).should().beFreeOfCycles().evaluate(cyclic).hasViolation())
                .isTrue();
    }

    @Test
    void a_class_of_the_proxy_used_by_the_translator_fails_the_import_rule() {
        JavaClasses withProxy = new ClassFileImporter().importClasses(ProxyUser.class, dev.gatehouse.proxy.ProxySettings.class);

        assertThat(the_translator_imports_nothing_of_the_proxy.evaluate(withProxy).hasViolation()).isTrue();
    }

    /** A test class in the translator's package that uses the proxy, as the rule must refuse for a main class. */
    private static final class ProxyUser {
        @SuppressWarnings("unused")
        private final dev.gatehouse.proxy.ProxySettings settings = dev.gatehouse.proxy.ProxySettings.builder().build();
    }
}
