package io.cloacina.bench.python;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloacina.context.ContextJson;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The subprocess backend's raw channel, for its baseline: a python3 process reached through its stdin and
 * stdout with the same framing the worker protocol uses (4-byte big-endian length, UTF-8 JSON, 64 KiB
 * buffers on both sides), running the same task body, with none of the backend around it.
 */
public final class RawEchoChannel implements AutoCloseable {

    private final Process process;
    private final DataOutputStream out;
    private final DataInputStream in;

    public RawEchoChannel() {
        process = ChildProcess.start("raw_echo.py");
        out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
        in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
    }

    /** Encodes the context, sends it, and decodes what the trivial task made of it. */
    public ObjectNode roundTrip(ObjectNode context) {
        try {
            byte[] request = ContextJson.MAPPER.writeValueAsBytes(context);
            out.writeInt(request.length);
            out.write(request);
            out.flush();
            byte[] reply = new byte[in.readInt()];
            in.readFully(reply);
            JsonNode decoded = ContextJson.MAPPER.readTree(reply);
            return (ObjectNode) decoded;
        } catch (IOException e) {
            throw new UncheckedIOException("the raw echo process failed (see its stderr above)", e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException alreadyGone) {
            // closing stdin is only the request to leave
        }
        ChildProcess.end(process);
    }
}
