package dev.gatehouse.dns.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
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
