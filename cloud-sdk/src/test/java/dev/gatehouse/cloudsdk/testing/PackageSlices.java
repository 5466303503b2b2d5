package dev.gatehouse.cloudsdk.testing;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/** ArchUnit slices for the sync modules' package-cycle tests. */
public final class PackageSlices {

    private PackageSlices() {
    }

    /** One slice per package, the root package included (a pattern like {@code root.(*)..} would leave it out). */
    public static SliceAssignment packagesUnder(String root) {
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
