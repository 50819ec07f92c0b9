package io.cloacina.python.subprocess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloacina.context.ContextJson;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The JVM's end of the worker protocol: frames of a 4-byte big-endian length followed by that many bytes of
 * UTF-8 JSON, on the worker's stdin (requests) and stdout (replies and log lines).
 */
final class FrameChannel {

    private final DataInputStream in;
    private final DataOutputStream out;
    private final ReentrantLock writeLock = new ReentrantLock();

    FrameChannel(InputStream fromWorker, OutputStream toWorker) {
        this.in = new DataInputStream(new BufferedInputStream(fromWorker, 1 << 16));
        this.out = new DataOutputStream(new BufferedOutputStream(toWorker, 1 << 16));
    }

    /** Sends one request whose JSON text is already encoded. */
    void write(byte[] json) throws IOException {
        writeLock.lock();
        try {
            out.writeInt(json.length);
            out.write(json);
            out.flush();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * The next frame, parsed once into a tree whose nodes the caller may keep ({@code Context.adopt}), or
     * {@code null} at a clean end of stream (between frames).
     *
     * @throws IOException the stream broke inside a frame, or the frame is not a JSON object
     */
    ObjectNode read() throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException endOfStream) {
            return null;
        }
        if (length < 0) {
            throw new IOException("worker sent a frame of negative length " + length + " (protocol out of step)");
        }
        byte[] body = new byte[length];
        in.readFully(body);
        JsonNode frame = ContextJson.MAPPER.readTree(body);
        if (frame == null || !frame.isObject()) {
            throw new IOException("worker sent a frame that is not a JSON object");
        }
        return (ObjectNode) frame;
    }

    /** Closes the worker's stdin: a worker waiting for a request then leaves on its own. */
    void closeOutput() {
        writeLock.lock();
        try {
            out.close();
        } catch (IOException ignored) {
            // already broken: the worker is gone or going
        } finally {
            writeLock.unlock();
        }
    }
}
