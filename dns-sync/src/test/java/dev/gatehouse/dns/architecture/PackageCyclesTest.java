package dev.gatehouse.dns.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static dev.gatehouse.cloudsdk.testing.PackageSlices.packagesUnder;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * dns-sync's packages form layers: the reconciler, plan and registry at the root, the sources and providers on it.
 * A dependency back down (the root reaching into a provider, one provider into another) fails here,
 * naming the classes that close the cycle.
 */
class PackageCyclesTest {

    private static final String ROOT = "dev.gatehouse.dns";

    @Test
    void noPackageOfDnsSyncDependsOnAPackageThatDependsBackOnIt() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
        slices().assignedFrom(packagesUnder(ROOT)).should().beFreeOfCycles().check(classes);
    }
}
