package org.awsdns.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import org.junit.jupiter.api.Test;

/**
 * Plugins bind their config with only what an external plugin can use too: plain records and
 * Jackson's annotations (exported to plugin jars by the server's SpiClassLoader). Databind's
 * annotations ({@code @JsonDeserialize(using = ...)}) reach no plugin jar, so bundled plugins do
 * not lean on them either.
 */
class ConfigBindingTest {
    /**
     * The one exception left: the EC2 inventory's credentials (a resource's config, string or
     * mapping, secrets never quoted) still bind through a custom deserializer.
     */
    private static final DescribedPredicate<JavaClass> KNOWN_EXCEPTION = DescribedPredicate.describe(
            "CredentialsConfig (its custom deserializer is to be replaced by a @JsonCreator)",
            javaClass -> javaClass.getName().startsWith("org.awsdns.plugins.ec2.inventory.CredentialsConfig"));

    @Test
    void pluginsUseNoDatabindAnnotations() {
        noClasses().that(resideInAPackage("org.awsdns.plugins..").or(resideInAPackage("org.awsdns.examples..")))
                .and(DescribedPredicate.not(KNOWN_EXCEPTION))
                .should().dependOnClassesThat().resideInAPackage("com.fasterxml.jackson.databind.annotation..")
                .because("an external plugin's copy of databind is not the server's: its annotations would be ignored")
                .check(Modules.allMainClasses());
    }
}
