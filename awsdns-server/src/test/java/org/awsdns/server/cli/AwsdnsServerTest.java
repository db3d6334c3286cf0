package org.awsdns.server.cli;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.awsdns.server.config.ConfigException;
import org.junit.jupiter.api.Test;

class AwsdnsServerTest {
    @Test
    void configErrorsStopTheStartBeforeAnyListener() {
        assertThatThrownBy(() -> AwsdnsServer.builder()
                        .yaml("servers:\n  - listen: [\"127.0.0.1:0\"]\n    plugins: [test-fail]\n")
                        .set("servers[0].plugins.test-fail.fail=true")
                        .start())
                .isInstanceOf(ConfigException.class)
                .hasMessage("<yaml>:3:15 (with --set servers[0].plugins.test-fail.fail=true): servers[0].plugins[0]: "
                        + "plugin 'test-fail' failed to start: cannot reach the test backend");
    }
}
