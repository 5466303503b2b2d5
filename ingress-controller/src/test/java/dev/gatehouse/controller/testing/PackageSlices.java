package dev.gatehouse.controller.testing;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * ArchUnit slices for cycle rules: one per package at or under a root package (the root itself included, which
 * {@code slices().matching("root.(**)")} leaves out), or one per top-level class there. Classes elsewhere are ignored.
 */
public final class PackageSlices implements SliceAssignment {

    private final String root;
    private final boolean perClass;

    private PackageSlices(String root, boolean perClass) {
        this.root = root;
        this.perClass = perClass;
    }

    /** A slice per package: {@code root} and each of its sub-packages. */
    public static PackageSlices packagesOf(String root) {
        return new PackageSlices(root, false);
    }

    /** A slice per top-level class (with its nested classes) in {@code root} and its sub-packages. */
    public static PackageSlices classesOf(String root) {
        return new PackageSlices(root, true);
    }

    @Override
    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
        String packageName = javaClass.getPackageName();
        if (!packageName.equals(root) && !packageName.startsWith(root + ".")) {
            return SliceIdentifier.ignore();
        }
        if (!perClass) {
            return SliceIdentifier.of(packageName);
        }
        String name = javaClass.getName();
        int nested = name.indexOf('$');
        return SliceIdentifier.of(nested < 0 ? name : name.substring(0, nested));
    }

    @Override
    public String getDescription() {
        return (perClass ? "top-level classes" : "packages") + " of " + root;
    }
}
