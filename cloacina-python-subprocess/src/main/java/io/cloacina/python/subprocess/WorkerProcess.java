package io.cloacina.python.subprocess;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloacina.context.Context;
import io.cloacina.context.ContextJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One Python worker process and the two threads that read it: frames from its stdout (replies and the
 * lines its tasks print) and raw lines from its stderr. Requests are sent by one thread at a time (whichever
 * owns the worker's pool slot); at most one reply is awaited at a time. Replies are handed over on the stdout
 * reader, so whatever the reply's future runs next runs there.
 */
final class WorkerProcess {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerProcess.class);
    private static final int STDERR_LINES_KEPT = 20;
    private static final byte[] SHUTDOWN = "{\"type\":\"shutdown\"}".getBytes(StandardCharsets.UTF_8);
    /** What the worker writes to stderr after each request (see cloacina_worker.py). */
    private static final String STDERR_MARK = "\u0000cloacina-stderr-mark\u0000";
    /** How long a dead worker's stderr may take to drain before its crash report is written without the rest. */
    private static final Duration STDERR_DRAIN = Duration.ofSeconds(1);

    private final Process process;
    private final String label;
    private final FrameChannel channel;
    private final TaskLogs logs;
    private final Duration exitGrace;
    private final StderrTail stderrTail = new StderrTail(STDERR_LINES_KEPT);
    private final AtomicReference<CompletableFuture<ObjectNode>> pendingReply = new AtomicReference<>();
    /** Completes with the description of how the process ended, once it has. */
    private final CompletableFuture<String> death = new CompletableFuture<>();
    private final Object readerLock = new Object();
    /** The thread reading stdout now; guarded by readerLock. */
    private Thread stdoutReader;
    /** Guarded by readerLock: the reader is handing a frame over (and may be running a reply's callbacks). */
    private boolean readerDispatching;
    private final Thread stderrReader;
    /** The log MDC of the task whose output is arriving now; {@code null} between tasks. */
    private volatile Map<String, String> currentScope;
    /**
     * The task of each request sent, oldest first. stderr is read on its own and may lag behind the replies;
     * the worker ends each request's stderr with a mark, so a line belongs to the oldest request not yet
     * marked, however late it is read.
     */
    private final ConcurrentLinkedQueue<Map<String, String>> stderrOwners = new ConcurrentLinkedQueue<>();
    private volatile boolean killRequested;

    private WorkerProcess(Process process, String label, TaskLogs logs, Duration exitGrace) {
        this.process = process;
        this.label = label + " (pid " + process.pid() + ")";
        this.logs = logs;
        this.exitGrace = exitGrace;
        this.channel = new FrameChannel(process.getInputStream(), process.getOutputStream());
        this.stderrReader = Thread.ofPlatform().daemon().name("cloacina-worker-" + process.pid() + "-stderr")
                .unstarted(this::pumpStderr);
        this.stdoutReader = newStdoutReader();
    }

    /** Starts the process; it waits for its first request. */
    static WorkerProcess start(List<String> command, String label, TaskLogs logs, Duration exitGrace)
            throws IOException {
        Process process = new ProcessBuilder(command).start();
        WorkerProcess worker = new WorkerProcess(process, label, logs, exitGrace);
        worker.stderrReader.start();
        synchronized (worker.readerLock) {
            worker.stdoutReader.start();
        }
        return worker;
    }

    String label() {
        return label;
    }

    /** Whether the backend asked for this worker's end (a timeout, a cancel, a close) rather than it dying by itself. */
    boolean killRequested() {
        return killRequested;
    }

    /** The exit status in words (or that it still runs), for diagnostics. */
    String describeExit() {
        return process.isAlive() ? "still running" : new ExitStatus(process.exitValue()).describe();
    }

    /** True once the worker died or {@link #kill()} was asked: it must not be given another task. */
    boolean unusable() {
        // Process.isAlive() stays true until the JDK's reaper thread has collected the exit status; the handle
        // asks the OS. A worker killed while idle was otherwise still sent the next run, which then failed as
        // WorkerCrashed although it never started (ExecutionTest, about one run in ten under load).
        return killRequested || death.isDone() || !process.isAlive() || !process.toHandle().isAlive();
    }

    /** Asks the worker to import the package; the future completes with the "loaded" frame. */
    CompletableFuture<ObjectNode> load(String sourceDir, String vendorDir, String entryModule, String optionsJson) {
        ObjectNode frame = ContextJson.MAPPER.createObjectNode()
                .put("type", "load")
                .put("source_dir", sourceDir)
                .put("vendor_dir", vendorDir)
                .put("entry_module", entryModule)
                .put("options", optionsJson);
        try {
            return request(logs.packageScope(), ContextJson.MAPPER.writeValueAsBytes(frame));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends one task's request (made by {@link #encodeExecute}); the future completes with the "result"
     * frame, or exceptionally with {@link WorkerDiedException}.
     */
    CompletableFuture<ObjectNode> execute(Map<String, String> logScope, byte[] request) {
        return request(logScope, request);
    }

    private CompletableFuture<ObjectNode> request(Map<String, String> logScope, byte[] frame) {
        CompletableFuture<ObjectNode> reply = new CompletableFuture<>();
        if (!pendingReply.compareAndSet(null, reply)) {
            throw new IllegalStateException(label + " is already running a request");
        }
        currentScope = logScope;
        stderrOwners.add(logScope);
        if (death.isDone()) {
            // Died before this request; the reader thread will not complete it any more.
            failPending(death.join());
            return reply;
        }
        try {
            channel.write(frame);
        } catch (IOException brokenPipe) {
            // A worker that cannot take requests is finished; killing it makes the reader thread see the end of
            // its stream and fail the reply with the full story (exit status, stderr).
            ProcessTrees.killNow(process);
        }
        return reply;
    }

    /**
     * Fails the pending reply, if any, as if the worker had died: for a worker that was killed but whose
     * stream never ended. Never call it for a worker that may still be given requests.
     */
    void abandon(String why) {
        failPending(label + " " + why);
    }

    /** Kills the process and its descendants at once (SIGKILL). The pending reply fails when the stream ends. */
    void kill() {
        killRequested = true;
        ProcessTrees.killNow(process);
    }

    /**
     * Stops gracefully: the "shutdown" frame and end of stdin, SIGTERM after the grace period, SIGKILL after
     * another. Processes the worker started are killed too. Returns when the process is gone (bounded).
     */
    void shutdown() {
        List<ProcessHandle> children = process.descendants().toList();
        if (!unusable()) {
            try {
                channel.write(SHUTDOWN);
            } catch (IOException ignored) {
                // already gone: the waits below return at once
            }
        }
        channel.closeOutput();
        try {
            if (!process.waitFor(exitGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();
                if (!process.waitFor(exitGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill();
                    process.waitFor(exitGrace.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        joinReaders();
    }

    /** Kills the process (if alive) and waits, bounded, for it and its reader threads to end. */
    void killAndWait() {
        kill();
        try {
            process.waitFor(exitGrace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        joinReaders();
    }

    private void joinReaders() {
        try {
            Thread reader;
            synchronized (readerLock) {
                reader = stdoutReader;
            }
            reader.join(exitGrace.plus(STDERR_DRAIN).toMillis());
            stderrReader.join(STDERR_DRAIN.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------------------------------- reading

    private Thread newStdoutReader() {
        return Thread.ofPlatform().daemon().name("cloacina-worker-" + process.pid() + "-stdout")
                .unstarted(this::pumpFrames);
    }

    /**
     * If the stdout reader is still handing a frame over (a reply's callback that takes long, or blocks
     * waiting for another task), a new thread takes over reading, and the old one stops once it returns.
     */
    void takeOverReading() {
        synchronized (readerLock) {
            if (readerDispatching && !death.isDone()) {
                readerDispatching = false;
                stdoutReader = newStdoutReader();
                stdoutReader.start();
            }
        }
    }

    /** On a reader after it handed a frame over: false if another thread took over reading meanwhile. */
    private boolean stillTheReader() {
        synchronized (readerLock) {
            if (stdoutReader != Thread.currentThread()) {
                return false; // the flag is the new reader's now
            }
            readerDispatching = false;
            return true;
        }
    }

    private void pumpFrames() {
        String problem = null;
        try {
            ObjectNode frame;
            while ((frame = channel.read()) != null) {
                synchronized (readerLock) {
                    readerDispatching = true;
                }
                dispatch(frame);
                if (!stillTheReader()) {
                    return; // replaced while it dispatched: the new reader reads on
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!stillTheReader()) {
                return; // what broke was a callback of this replaced reader, not the worker's stream
            }
            problem = "broke the protocol: " + e.getMessage();
        }
        String description = describeEnd(problem);
        death.complete(description);
        failPending(description);
    }

    private void dispatch(ObjectNode frame) {
        String type = frame.path("type").asText("");
        if (type.equals("log")) {
            JsonNode record = frame.get("record");
            if (record != null) {
                logs.record(currentScope, record);
            } else {
                logs.stdout(currentScope, frame.path("line").asText(""));
            }
            return;
        }
        CompletableFuture<ObjectNode> reply = pendingReply.getAndSet(null);
        currentScope = null;
        if (reply == null) {
            LOG.warn("{} sent a '{}' frame nobody asked for; ignored", label, type);
            return;
        }
        if (type.equals("error")) {
            reply.completeExceptionally(new IllegalStateException(label + " rejected a request: "
                    + frame.path("message").asText("")));
        } else {
            reply.complete(frame);
        }
    }

    private void pumpStderr() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                boolean marked = line.endsWith(STDERR_MARK);
                String text = marked ? line.substring(0, line.length() - STDERR_MARK.length()) : line;
                if (!marked || !text.isEmpty()) { // a mark may end a last line written without a newline
                    stderrTail.add(text);
                    logs.stderr(stderrOwners.peek(), text);
                }
                if (marked) {
                    stderrOwners.poll();
                }
            }
        } catch (IOException ignored) {
            // the stream closes when the process dies; nothing more to read
        }
    }

    /** Waits (bounded) for the process to end and says how it did, quoting its last stderr lines. */
    private String describeEnd(String protocolProblem) {
        String status;
        try {
            if (protocolProblem != null || !process.waitFor(exitGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                // A worker that broke the protocol, or closed stdout but lingers, cannot be trusted any more.
                ProcessTrees.killNow(process);
                process.waitFor(exitGrace.toMillis(), TimeUnit.MILLISECONDS);
            }
            status = process.isAlive() ? "did not exit" : new ExitStatus(process.exitValue()).describe();
            stderrReader.join(STDERR_DRAIN.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = "state unknown (interrupted)";
        }
        StringBuilder text = new StringBuilder(label);
        text.append(protocolProblem != null ? " " + protocolProblem + "; " : " ended: ").append(status);
        List<String> lines = stderrTail.lines();
        if (!lines.isEmpty()) {
            text.append("; last stderr lines:");
            lines.forEach(line -> text.append(System.lineSeparator()).append("  ").append(line));
        }
        return text.toString();
    }

    private void failPending(String description) {
        CompletableFuture<ObjectNode> reply = pendingReply.getAndSet(null);
        if (reply != null) {
            reply.completeExceptionally(new WorkerDiedException(description));
        }
    }

    // ------------------------------------------------------------------------------------------ encoding

    /**
     * The "execute" request with the context written straight into it (no JSON-in-JSON).
     *
     * @throws UncheckedIOException the context cannot be written as JSON (nested beyond Jackson's limit)
     */
    static byte[] encodeExecute(String taskId, Context input) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator json = ContextJson.MAPPER.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("type", "execute");
            json.writeStringField("task", taskId);
            json.writeFieldName("context");
            json.writeStartObject();
            for (Map.Entry<String, JsonNode> entry : input.entriesView().entrySet()) {
                json.writeFieldName(entry.getKey());
                ContextJson.MAPPER.writeTree(json, entry.getValue());
            }
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
