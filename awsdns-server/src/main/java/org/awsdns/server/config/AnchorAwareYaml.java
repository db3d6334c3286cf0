package org.awsdns.server.config;

import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.Reader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.NodeEvent;

/**
 * A YAML factory whose parsers tell the anchor ({@code &name}) of every value, scalars included:
 * Jackson's {@link YAMLParser#getCurrentAnchor()} reports none for a scalar, so {@code [&zone x]}
 * would lose its anchor. Only {@link #createParser(Reader)} is meant to be used.
 */
final class AnchorAwareYaml extends YAMLFactory {

    @Override
    protected YAMLParser _createParser(Reader reader, IOContext context) {
        return new Parser(context, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, reader);
    }

    /** A parser that exposes the anchor of the event behind the current token. */
    static final class Parser extends YAMLParser {
        Parser(IOContext context, int parserFeatures, int yamlFeatures, LoaderOptions options, ObjectCodec codec, Reader reader) {
            super(context, parserFeatures, yamlFeatures, options, codec, reader);
        }

        /** The anchor of the current value (mapping, sequence or scalar), or null. */
        String anchor() {
            return _lastEvent instanceof NodeEvent node && !isCurrentAlias() ? node.getAnchor() : null;
        }
    }
}
