package org.awsdns.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

class JsonLineEncoderTest {
    @Test
    void writesOneJsonObjectPerLineWithAnIsoTimeAndTheKeyValuePairs() throws Exception {
        LoggerContext context = new LoggerContext();
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(context);
        encoder.setZone("+02:00");
        encoder.start();
        LoggingEvent event = new LoggingEvent("test", context.getLogger("awsdns.query"), Level.WARN,
                "upstream {} \"down\"\nsince {}", new IllegalStateException("boom"), new Object[] {"10.0.0.2:53", "2s"});
        event.setTimeStamp(1_764_547_530_123L);
        event.addKeyValuePair(new KeyValuePair("upstream", "10.0.0.2:53"));
        event.addKeyValuePair(new KeyValuePair("latency_ms", 12L));

        String text = new String(encoder.encode(event), StandardCharsets.UTF_8);

        assertThat(text).endsWith("}\n").hasLineCount(1);
        JsonNode line = new ObjectMapper().readTree(text);
        assertThat(OffsetDateTime.parse(line.get("time").asText()))
                .isEqualTo(OffsetDateTime.parse("2025-12-01T02:05:30.123+02:00"));
        assertThat(line.get("time").asText()).isEqualTo("2025-12-01T02:05:30.123+02:00");
        assertThat(line.get("level").asText()).isEqualTo("WARN");
        assertThat(line.get("logger").asText()).isEqualTo("awsdns.query");
        assertThat(line.get("message").asText()).isEqualTo("upstream 10.0.0.2:53 \"down\"\nsince 2s");
        assertThat(line.get("upstream").asText()).isEqualTo("10.0.0.2:53");
        assertThat(line.get("latency_ms").asLong()).isEqualTo(12);
        assertThat(line.get("error").asText()).contains("IllegalStateException: boom");
    }
}
