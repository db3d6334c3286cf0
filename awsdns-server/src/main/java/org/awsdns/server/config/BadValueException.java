package org.awsdns.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;

/** A scalar the config's own deserializers refused; the message is meant for the user as is. */
final class BadValueException extends JsonMappingException {
    BadValueException(JsonParser parser, String message) {
        super(parser, message);
    }
}
