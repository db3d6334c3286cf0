package org.awsdns.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, item 7: a secret given on the command line or in the file never reaches an error
 * message, and a mistake under {@code credentials:} names the key and what is known, as every
 * other section does. Through {@code awsdns check}, as a user runs it.
 */
class SecretsInErrorsTest {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String KNOWN_KEYS =
            "[access_key_id, external_id, profile, role_arn, secret_access_key, session_name, session_token]";

    @TempDir
    Path work;

    @Test
    void aFailingSetOfASecretKeyDoesNotEchoTheSecret() throws Exception {
        Path config = config("credentials: {role_arn: \"arn:aws:iam::123456789012:role/dns\"}");

        Run run = run("check", "--config", config.toString(),
                "--set", "inventories.prod.credentials.secret_access_key=" + SECRET);

        assertThat(run.exit()).isEqualTo(Main.CONFIG_ERROR);
        assertThat(run.err()).contains("--set inventories.prod.credentials.secret_access_key=****")
                .contains("role_arn cannot be combined with access_key_id/secret_access_key");
        assertThat(run.out() + run.err()).doesNotContain(SECRET).doesNotContain("wJalr");
    }

    @Test
    void aSecretSetAsPartOfAMappingIsMaskedToo() throws Exception {
        Path config = config("credentials: default");

        Run run = run("check", "--config", config.toString(),
                "--set", "inventories.prod.credentials={secret_access_key: " + SECRET + ", role_arn: nope}");

        assertThat(run.exit()).isEqualTo(Main.CONFIG_ERROR);
        assertThat(run.err()).contains("--set inventories.prod.credentials=****");
        assertThat(run.out() + run.err()).doesNotContain("wJalr");
    }

    @Test
    void aSecretThatIsNotValidYamlIsNotQuotedByTheParser() throws Exception {
        Path config = config("credentials: default");

        Run run = run("check", "--config", config.toString(),
                "--set", "inventories.prod.credentials.session_token={wJalr" + SECRET);

        assertThat(run.exit()).isEqualTo(Main.CONFIG_ERROR);
        assertThat(run.err()).contains("--set inventories.prod.credentials.session_token=****: the value is not valid YAML");
        assertThat(run.out() + run.err()).doesNotContain("wJalr");
    }

    @Test
    void aMisspelledCredentialsKeyIsNamedWithTheKnownKeysAndItsLine() throws Exception {
        Path config = config("credentials: {profle: x}");

        Run run = run("check", "--config", config.toString());

        assertThat(run.exit()).isEqualTo(Main.CONFIG_ERROR);
        assertThat(run.err().strip()).isEqualTo(config + ":5:19: inventories.prod.credentials: unknown key 'profle' (did you mean 'profile'?); "
                + "known keys: " + KNOWN_KEYS);
    }

    @Test
    void aListForACredentialsKeyNamesTheKey() throws Exception {
        Path config = config("credentials: {access_key_id: [a, b], secret_access_key: " + SECRET + "}");

        Run run = run("check", "--config", config.toString());

        assertThat(run.exit()).isEqualTo(Main.CONFIG_ERROR);
        assertThat(run.err().strip()).isEqualTo(config + ":5:19: inventories.prod.credentials.access_key_id: "
                + "expected a string, got a list");
    }

    @Test
    void aListForASecretKeyNamesTheKeyWithoutItsValue() throws Exception {
        Path config = config("credentials: {access_key_id: AKIAEXAMPLE, secret_access_key: [" + SECRET + "]}");

        Run run = run("check", "--config", config.toString());

        assertThat(run.exit()).isEqualTo(Main.CONFIG_ERROR);
        assertThat(run.err()).contains("inventories.prod.credentials.secret_access_key: expected a string, got a list");
        assertThat(run.err()).doesNotContain("wJalr");
    }

    @Test
    void aSecretPastedInPlaceOfTheCredentialsMappingIsNotQuoted() throws Exception {
        Path config = config("credentials: " + SECRET);

        Run run = run("check", "--config", config.toString());

        assertThat(run.exit()).isEqualTo(Main.CONFIG_ERROR);
        assertThat(run.err()).contains(config + ":5:").contains("inventories.prod.credentials: credentials must be 'default' or a mapping");
        assertThat(run.err()).doesNotContain("wJalr");
    }

    /** A configuration with the inventory {@code prod} whose fifth line is {@code credentialsLine}. */
    private Path config(String credentialsLine) throws Exception {
        return Files.writeString(work.resolve("awsdns.yaml"), """
                inventories:
                  prod:
                    region: us-east-1
                    refresh: 60s
                    %s
                servers:
                  - listen: ["127.0.0.1:5353"]
                    zones: ["."]
                    plugins:
                      - any
                """.formatted(credentialsLine));
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int exit, String out, String err) {}
}
