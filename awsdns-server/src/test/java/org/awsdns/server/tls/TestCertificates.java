package org.awsdns.server.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A self-signed certificate for 127.0.0.1 and localhost, made with openssl for one test. */
public record TestCertificates(Path cert, Path key) {

    public static TestCertificates create(Path directory, String name) throws IOException, InterruptedException {
        Path cert = directory.resolve(name + "-cert.pem");
        Path key = directory.resolve(name + "-key.pem");
        Process process = new ProcessBuilder(List.of(
                        "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                        "-nodes", "-days", "2", "-subj", "/CN=" + name,
                        "-addext", "subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost",
                        "-keyout", key.toString(), "-out", cert.toString()))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("openssl failed: " + output);
        }
        return new TestCertificates(cert, key);
    }
}
