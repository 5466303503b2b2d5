package dev.gatehouse.cloudlb.aws;

import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** What to register and what to deregister to turn the present targets into the wanted ones. */
record TargetDiff<T extends Comparable<T>>(SortedSet<T> register, SortedSet<T> deregister) {

    static <T extends Comparable<T>> TargetDiff<T> of(Set<T> wanted, Set<T> present) {
        SortedSet<T> register = new TreeSet<>(wanted);
        register.removeAll(present);
        SortedSet<T> deregister = new TreeSet<>(present);
        deregister.removeAll(wanted);
        return new TargetDiff<>(Collections.unmodifiableSortedSet(register), Collections.unmodifiableSortedSet(deregister));
    }
}
