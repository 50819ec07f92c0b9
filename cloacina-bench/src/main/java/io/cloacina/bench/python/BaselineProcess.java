package io.cloacina.bench.python;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A python3 process running {@code baselines.py}: the timed loops run in Python, one request per JMH
 * invocation, so the pipe round trip is amortised over the repetitions the request asks for.
 */
public final class BaselineProcess implements AutoCloseable {

    private final Process process;
    private final BufferedWriter requests;
    private final BufferedReader replies;

    public BaselineProcess() {
        process = ChildProcess.start("baselines.py");
        requests = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** {@code reps} times: json.loads of {"n": 1}, the trivial task, json.dumps. Returns the last output. */
    public String floor(int reps) {
        return ask("floor " + reps);
    }

    /** {@code reps} times json.dumps + json.loads of the context in {@code file}; returns its record count. */
    public int jsonRoundTrip(Path file, int reps) {
        return Integer.parseInt(ask("json " + file + " " + reps));
    }

    private String ask(String request) {
        try {
            requests.write(request);
            requests.write('\n');
            requests.flush();
            String reply = replies.readLine();
            if (reply == null) {
                throw new IllegalStateException("baselines.py exited (see its stderr above)");
            }
            if (!reply.startsWith("ok ")) {
                throw new IllegalStateException("baselines.py answered '" + reply + "' to '" + request + "'");
            }
            return reply.substring(3);
        } catch (IOException e) {
            throw new UncheckedIOException("lost baselines.py while asking '" + request + "'", e);
        }
    }

    @Override
    public void close() {
        try {
            requests.write("quit\n");
            requests.flush();
        } catch (IOException alreadyGone) {
            // it is leaving anyway
        }
        ChildProcess.end(process);
    }
}
