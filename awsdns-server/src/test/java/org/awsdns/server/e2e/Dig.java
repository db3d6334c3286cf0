package org.awsdns.server.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs Debian's {@code dig}, the client users type, against 127.0.0.1 and parses its output. */
final class Dig {
    private static final Pattern STATUS = Pattern.compile("status: (\\w+)");
    private static final Pattern FLAGS = Pattern.compile(";; flags: ([a-z ]*);");

    private Dig() {}

    static DigResult query(int port, String name, String type, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("dig", "@127.0.0.1", "-p", Integer.toString(port)));
        if (type.equals("-x")) {
            command.addAll(List.of("-x", name));
        } else {
            command.addAll(List.of(name, type));
        }
        command.addAll(List.of("+time=2", "+tries=1"));
        command.addAll(Arrays.asList(options));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run dig (Debian package bind9-dnsutils; scripts/test.sh installs it)", e);
        }
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("dig did not finish: " + command);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return parse(output);
    }

    static DigResult parse(String output) {
        Matcher status = STATUS.matcher(output);
        Matcher flags = FLAGS.matcher(output);
        List<String> answer = new ArrayList<>();
        List<String> authority = new ArrayList<>();
        List<String> additional = new ArrayList<>();
        List<String> current = null;
        for (String line : output.split("\n")) {
            if (line.startsWith(";; ANSWER SECTION:")) {
                current = answer;
            } else if (line.startsWith(";; AUTHORITY SECTION:")) {
                current = authority;
            } else if (line.startsWith(";; ADDITIONAL SECTION:")) {
                current = additional;
            } else if (line.isBlank() || line.startsWith(";")) {
                current = line.isBlank() ? null : current;
            } else if (current != null) {
                current.add(line.trim().replaceAll("\\s+", " "));
            }
        }
        return new DigResult(
                status.find() ? status.group(1) : "NO ANSWER",
                flags.find() ? List.of(flags.group(1).trim().split(" ")) : List.of(),
                answer, authority, additional, output);
    }
}
