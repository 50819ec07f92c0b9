package io.cloacina.context;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one Jackson configuration used for contexts everywhere, so every backend reads numbers the same way.
 *
 * @since 0.1
 */
public final class ContextJson {

    /**
     * Integers that overflow {@code long} become {@code BigInteger}s; NaN and Infinity are refused (they
     * are not JSON); string length is only bounded by memory because a task may legitimately pass 10 MB
     * strings.
     */
    public static final ObjectMapper MAPPER = build();

    /** Deepest nesting read and written; reading and writing must agree or a context cannot round-trip. */
    static final int MAX_NESTING_DEPTH = 2_000;

    private ContextJson() {
    }

    private static ObjectMapper build() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(Integer.MAX_VALUE)
                .maxNumberLength(100_000)
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .build());
        // Jackson writes at most 1 000 levels by default: without this, a context read at depth 1 500
        // could not be written back (toJson, or a backend sending it to Python).
        mapper.getFactory().setStreamWriteConstraints(StreamWriteConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .build());
        return mapper;
    }
}
