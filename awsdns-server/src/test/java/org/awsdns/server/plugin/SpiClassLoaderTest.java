package org.awsdns.server.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.awsdns.core.PluginFactory;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;

/** What a plugin jar sees of the server: the SPI and its libraries, Jackson's annotations, nothing else. */
class SpiClassLoaderTest {
    private final SpiClassLoader loader = new SpiClassLoader(getClass().getClassLoader());

    @Test
    void exportsTheSpiItsLibrariesAndJacksonAnnotationsAsTheServersOwnClasses() throws Exception {
        assertThat(loader.loadClass(PluginFactory.class.getName())).isSameAs(PluginFactory.class);
        assertThat(loader.loadClass(Message.class.getName())).isSameAs(Message.class);
        // the very class the server's Jackson recognises, so @JsonProperty on a plugin's config binds
        assertThat(loader.loadClass(JsonProperty.class.getName())).isSameAs(JsonProperty.class);
    }

    @Test
    void hidesEverythingElseOfTheServer() {
        assertThatThrownBy(() -> loader.loadClass("com.fasterxml.jackson.databind.ObjectMapper"))
                .isInstanceOf(ClassNotFoundException.class)
                .hasMessageContaining("not exported to plugins");
        assertThatThrownBy(() -> loader.loadClass("org.awsdns.server.cli.AwsdnsServer"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> loader.loadClass("com.google.inject.Injector"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
