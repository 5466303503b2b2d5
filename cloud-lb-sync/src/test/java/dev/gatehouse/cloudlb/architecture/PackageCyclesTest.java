package dev.gatehouse.cloudlb.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
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

    /** One slice per package, the root package included (a pattern like {@code root.(*)..} would leave it out). */
    static SliceAssignment packagesUnder(String root) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getPackageName();
                if (name.equals(root)) {
                    return SliceIdentifier.of("(root)");
                }
                return name.startsWith(root + ".") ? SliceIdentifier.of(name.substring(root.length() + 1))
                        : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "the packages of " + root;
            }
        };
    }
}
