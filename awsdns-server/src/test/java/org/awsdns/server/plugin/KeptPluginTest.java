package org.awsdns.server.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.awsdns.core.Plugin;
import org.junit.jupiter.api.Test;

class KeptPluginTest {
    /** A kept plugin stands for the plugin in the chain: every method of the SPI must reach it. */
    @Test
    void overridesEveryMethodOfThePluginInterface() throws Exception {
        for (Method method : Plugin.class.getMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            Method declared = KeptPlugin.class.getMethod(method.getName(), method.getParameterTypes());
            assertThat(declared.getDeclaringClass()).as(method.getName()).isEqualTo(KeptPlugin.class);
        }
    }
}
