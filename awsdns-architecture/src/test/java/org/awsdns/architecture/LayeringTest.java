package org.awsdns.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

/**
 * Who may import whom. Core is what third parties compile against: it imports nothing of ours.
 * Plugins import only core (one package per plugin; the EC2 plugins share
 * {@code org.awsdns.plugins.ec2} and its inventory). The server finds plugins only through
 * {@code ServiceLoader}, so it never names a plugin class. The kit depends on core alone, so any
 * plugin can test with it without depending on the server.
 */
class LayeringTest {
    private static final JavaClasses CLASSES = Modules.allMainClasses();
    /** The EC2 inventory resource: what the EC2 plugins share besides org.awsdns.plugins.ec2 itself. */
    private static final String[] EC2_SHARED = {"org.awsdns.plugins.ec2.inventory..", "org.awsdns.plugins.ec2.events.."};

    @Test
    void coreImportsNothingOfOurs() {
        noClasses().that().resideInAPackage("org.awsdns.core..")
                .should().dependOnClassesThat(resideInAPackage("org.awsdns..").and(resideInAPackage("org.awsdns.core..").negate()))
                .check(CLASSES);
    }

    @Test
    void pluginsImportOnlyCoreOfOurs() {
        noClasses().that().resideInAPackage("org.awsdns.plugins..")
                .should().dependOnClassesThat(resideInAPackage("org.awsdns..")
                        .and(resideInAPackage("org.awsdns.core..").negate())
                        .and(resideInAPackage("org.awsdns.plugins..").negate()))
                .check(CLASSES);
    }

    @Test
    void pluginsDoNotImportOneAnother() {
        slices().matching("org.awsdns.plugins.(*)..").should().notDependOnEachOther().check(CLASSES);
    }

    /**
     * ec2-forward, ec2-reverse and txt-extra share org.awsdns.plugins.ec2 and the inventory
     * resource (its packages inventory and events); they do not import one another.
     */
    @Test
    void ec2PluginsShareOnlyTheirCommonPackageAndTheInventory() {
        slices().matching("org.awsdns.plugins.ec2.(*)..").should().notDependOnEachOther()
                .ignoreDependency(alwaysTrue(), resideInAnyPackage(EC2_SHARED))
                .ignoreDependency(resideInAnyPackage(EC2_SHARED), alwaysTrue())
                .check(CLASSES);
    }

    @Test
    void theServerNeverNamesAPluginClass() {
        noClasses().that().resideInAPackage("org.awsdns.server..")
                .should().dependOnClassesThat().resideInAPackage("org.awsdns.plugins..")
                .because("the server finds plugins through ServiceLoader only")
                .check(Modules.mainClasses("awsdns-server"));
    }

    @Test
    void theKitDependsOnCoreAlone() {
        noClasses().that().resideInAPackage("org.awsdns.testing..")
                .should().dependOnClassesThat(resideInAPackage("org.awsdns..")
                        .and(resideInAPackage("org.awsdns.core..").negate())
                        .and(resideInAPackage("org.awsdns.testing..").negate()))
                .check(CLASSES);
    }

    @Test
    void examplePluginsImportOnlyCoreOfOurs() {
        classes().that().resideInAPackage("org.awsdns.examples..")
                .should().onlyDependOnClassesThat(resideInAPackage("org.awsdns..").negate()
                        .or(resideInAPackage("org.awsdns.core.."))
                        .or(resideInAPackage("org.awsdns.examples..")))
                .check(CLASSES);
    }
}
