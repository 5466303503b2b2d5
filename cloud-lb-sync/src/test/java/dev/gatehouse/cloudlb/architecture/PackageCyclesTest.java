package dev.gatehouse.cloudlb.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static dev.gatehouse.cloudsdk.testing.PackageSlices.packagesUnder;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * cloud-lb-sync's packages form layers: the contract at the root, the reconciler and the providers on it.
 * A dependency back down (a provider reaching into the reconciler, the root into a provider) fails here,
 * naming the classes that close the cycle.
 */
class PackageCyclesTest {

    private static final String ROOT = "dev.gatehouse.cloudlb";

    @Test
    void noPackageOfCloudLbSyncDependsOnAPackageThatDependsBackOnIt() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
        slices().assignedFrom(packagesUnder(ROOT)).should().beFreeOfCycles().check(classes);
    }
}
