package org.awsdns.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Each module keeps to its own package, and the server cannot compile against the plugins. */
class ModuleBoundariesTest {

    static Iterable<Map.Entry<String, String>> modules() {
        return Modules.OWNED_PACKAGES.entrySet();
    }

    /** A split package (one package in two jars) breaks class loaders and sealed jars alike. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("modules")
    void everyClassLivesInThePackageItsModuleOwns(Map.Entry<String, String> module) {
        classes().should().resideInAPackage(module.getValue() + "..")
                .as("every class of " + module.getKey() + " lives in " + module.getValue())
                .check(Modules.mainClasses(module.getKey()));
    }

    @Test
    void pluginsAreARuntimeOnlyDependencyOfTheServer() throws Exception {
        Path pom = Modules.root().resolve("awsdns-server/pom.xml");
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Files.newInputStream(pom));
        Element project = document.getDocumentElement();
        NodeList dependencies = ((Element) project.getElementsByTagName("dependencies").item(0)).getElementsByTagName("dependency");
        String mainScope = null;
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            boolean plugins = text(dependency, "artifactId").equals("awsdns-plugins");
            boolean testJar = text(dependency, "type").equals("test-jar");
            if (plugins && !testJar) {
                mainScope = text(dependency, "scope");
            }
        }
        assertThat(mainScope).as("scope of awsdns-plugins in %s", pom).isEqualTo("runtime");
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
    }
}
