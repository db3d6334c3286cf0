package org.awsdns.testing;

import org.awsdns.core.Response;
import org.xbill.DNS.Message;

/**
 * Entry points of the kit's AssertJ assertions:
 *
 * <pre>{@code
 * assertThat(response).isNoerror().isAuthoritative()
 *         .hasAnswer("web.demo.internal. 60 IN A 10.0.0.1", "web.demo.internal. 60 IN A 10.0.0.2")
 *         .hasAuthority();
 * assertThat(client.udp(query)).answers(query).isNxdomain();
 * }</pre>
 */
public final class DnsAssertions {
    private DnsAssertions() {}

    public static ResponseAssert assertThat(Response response) {
        return new ResponseAssert(response);
    }

    public static MessageAssert assertThat(Message message) {
        return new MessageAssert(message);
    }
}
