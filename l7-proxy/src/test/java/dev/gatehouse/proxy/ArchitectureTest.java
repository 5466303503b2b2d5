package dev.gatehouse.proxy;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The data plane's layers, as package-info says them: from the bottom net, tls, http, observe, upstream, balance,
 * filter, live, exchange, downstream, tcp, udp, admin; the facade and its settings at the root. A package may use those
 * below it and the root's settings (plain values), never one above it, so no cycle can run between packages; and no
 * cycle runs between classes either, inside a package or across (callbacks go through small interfaces).
 */
class ArchitectureTest {

    private static final List<String> LAYERS = List.of("net", "tls", "http", "observe", "upstream", "balance", "filter",
            "live", "exchange", "downstream", "tcp", "udp", "admin");

    private static final JavaClasses PROXY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.gatehouse.proxy");

    @Test
    void noCycleRunsBetweenTheProxysPackages() {
        slices().matching("dev.gatehouse.proxy.(*)..").should().beFreeOfCycles().check(PROXY);
    }

    @Test
    void noCycleRunsBetweenTheProxysClasses() {
        classCycles("dev.gatehouse.proxy").check(PROXY);
    }

    @Test
    void theClassCycleRuleFailsOnTwoClassesThatUseEachOther() {
        JavaClasses cyclic = new ClassFileImporter().importPackages("dev.gatehouse.proxy.cyclefixture");

        assertThat(classCycles("dev.gatehouse.proxy.cyclefixture").evaluate(cyclic).hasViolation()).isTrue();
    }

    @Test
    void noPackageUsesALayerAboveIt() {
        for (int i = 0; i < LAYERS.size(); i++) {
            for (String above : LAYERS.subList(i + 1, LAYERS.size())) {
                layerRule(LAYERS.get(i), above).check(PROXY);
            }
        }
    }

    @Test
    void theLayersUseTheRootOnlyForItsSettings() {
        noClasses().that().resideInAPackage("dev.gatehouse.proxy.(*)..")
                .should().dependOnClassesThat(resideInAPackage("dev.gatehouse.proxy")
                        .and(not(nameMatching("dev\\.gatehouse\\.proxy\\.(ProxySettings|AdminSettings|TraceSettings|Http2Limits|OutlierDetection|UdpSettings)(\\$.*)?"))))
                .check(PROXY);
    }

    @Test
    void theLayerRuleFailsOnAReachUpward() {
        // the exchange uses the filters: the rule that forbids the reverse, turned around, must find it
        EvaluationResult reversed = layerRule("exchange", "filter").evaluate(PROXY);

        assertThat(reversed.hasViolation()).isTrue();
    }

    /** One slice per top-level class (its nested classes with it) under {@code root}. */
    private static ArchRule classCycles(String root) {
        SliceAssignment topLevelClasses = new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getName();
                if (!name.startsWith(root + ".")) {
                    return SliceIdentifier.ignore();
                }
                int nested = name.indexOf('$');
                return SliceIdentifier.of(nested < 0 ? name : name.substring(0, nested));
            }

            @Override
            public String getDescription() {
                return "the top-level classes under " + root;
            }
        };
        return slices().assignedFrom(topLevelClasses).should().beFreeOfCycles();
    }

    private static ArchRule layerRule(String lower, String upper) {
        return noClasses().that().resideInAPackage("dev.gatehouse.proxy." + lower + "..")
                .should().dependOnClassesThat().resideInAPackage("dev.gatehouse.proxy." + upper + "..")
                .because(lower + " is below " + upper);
    }
}
