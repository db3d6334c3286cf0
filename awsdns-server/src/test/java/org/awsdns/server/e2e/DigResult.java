package org.awsdns.server.e2e;

import java.util.List;

/**
 * What {@code dig} printed, split by section: each record line with its whitespace collapsed
 * to one space, e.g. {@code bootstrapper-test.demo.internal. 60 IN A 172.31.31.48}.
 */
record DigResult(String status, List<String> flags, List<String> answer, List<String> authority,
                 List<String> additional, String raw) {}
