package io.cloacina.tck.reference;

import io.cloacina.spi.SpiVersion;
import io.cloacina.context.Context;
import io.cloacina.error.TaskError;
import io.cloacina.spi.PythonPackage;
import com.fasterxml.jackson.databind.JsonNode;
import io.cloacina.bridge.BridgeReplies;
import io.cloacina.bridge.PythonLogs;
import io.cloacina.bridge.LoadOptions;
import io.cloacina.spi.DiscoveredTasks;
import io.cloacina.bridge.CloacaModule;
import io.cloacina.spi.Availability;
import io.cloacina.spi.Capability;
import io.cloacina.spi.ExecutionOptions;
import io.cloacina.spi.LoadedPackage;
import io.cloacina.spi.PythonRuntime;
import io.cloacina.spi.TaskDescriptor;
import io.cloacina.spi.TaskDiscovery;
import io.cloacina.spi.TaskExecutor;
import io.cloacina.spi.TriggerDescriptor;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The smallest honest backend: one {@code python3} process per package, one task at a time, killed and
 * restarted when a task overruns or dies. It exists so the kit can be checked against real Python inside
 * this module; it is not a product backend (no pooling, no tuning).
 */
public final class ReferenceProcessRuntime implements PythonRuntime {

    private static final String DRIVER = String.join("\n",
            "import json, os, sys",
            "from cloaca import _host",
            "channel = sys.stdout",
            "sys.stdout = sys.stderr",
            "requests = sys.stdin",
            "sys.stdin = open(os.devnull)",
            // What the package writes leaves as it is written, one 'L'-line per record, ahead of the reply.
            "_host._logs.stream_json_to(lambda text: (channel.write('L' + text + '\\n'), channel.flush()))",
            "source, vendor, entry, options = sys.argv[1:5]",
            "channel.write(_host.load_json(source, vendor or None, entry, options) + '\\n'); channel.flush()",
            "for line in requests:",
            "    request = json.loads(line)",
            "    channel.write(_host.execute_json(request['task'], request['context']) + '\\n'); channel.flush()");

    private final Set<Loaded> loaded = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    @Override
    public String spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public String name() {
        return "reference-process";
    }

    @Override
    public Availability availability() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, "python3"))) {
                return Availability.available("python3 in " + dir);
            }
        }
        return Availability.unavailable("no python3 on PATH");
    }

    @Override
    public int priority() {
        return -100;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.CRASH_ISOLATION, Capability.INTERRUPT_RUNNING_TASK, Capability.INTERRUPT_NATIVE_CODE);
    }

    @Override
    public int parallelism() {
        return 1;
    }

    @Override
    public LoadedPackage load(PythonPackage pkg) {
        if (closed) {
            throw new IllegalStateException("reference-process runtime is closed");
        }
        Worker worker = new Worker(pkg);
        DiscoveredTasks tasks;
        try {
            JsonNode reply = BridgeReplies.parse(worker.start());
            PythonLogs.forward(reply, PythonLogs.packageScope(name(), pkg.name()));
            tasks = BridgeReplies.discovery(reply);
        } catch (RuntimeException e) {
            worker.stop();
            throw e;
        }
        Loaded package_ = new Loaded(pkg, tasks, worker);
        loaded.add(package_);
        return package_;
    }

    @Override
    public void close() {
        closed = true;
        List.copyOf(loaded).forEach(Loaded::close);
    }

    private static final class Worker {
        private final PythonPackage pkg;
        private Process process;
        private BufferedWriter in;
        private BufferedReader out;

        Worker(PythonPackage pkg) {
            this.pkg = pkg;
        }

        synchronized String start() {
            try {
                ProcessBuilder builder = new ProcessBuilder("python3", "-c", DRIVER, pkg.sourceDir().toString(),
                        pkg.vendor().map(Object::toString).orElse(""), pkg.entryModule(), LoadOptions.json(pkg));
                builder.environment().put("PYTHONPATH", CloacaModule.pythonPathEntry().toString());
                builder.redirectError(ProcessBuilder.Redirect.DISCARD);
                process = builder.start();
                in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
                out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                String reply = readReply(out, PythonLogs.packageScope("reference-process", pkg.name()));
                if (reply == null) {
                    throw new IllegalStateException("python3 exited while loading " + pkg);
                }
                return reply;
            } catch (IOException e) {
                throw new IllegalStateException("cannot start python3 for " + pkg + ": " + e.getMessage(), e);
            }
        }

        /** The next reply line, after logging the record lines before it; null at the end of the stream. */
        private static String readReply(BufferedReader reader, Map<String, String> logScope) throws IOException {
            String line;
            while ((line = reader.readLine()) != null && line.startsWith("L")) {
                PythonLogs.record(BridgeReplies.parse(line.substring(1)), logScope);
            }
            return line;
        }

        /** One request and its reply, or null when the process died. */
        String call(String taskId, String contextJson, Map<String, String> logScope) throws IOException {
            BufferedWriter writer;
            BufferedReader reader;
            synchronized (this) {
                writer = in;
                reader = out;
            }
            writer.write("{\"task\":" + io.cloacina.context.ContextJson.MAPPER.writeValueAsString(taskId)
                    + ",\"context\":" + io.cloacina.context.ContextJson.MAPPER.writeValueAsString(contextJson) + "}\n");
            writer.flush();
            return readReply(reader, logScope);
        }

        synchronized void ensureRunning() {
            if (process == null || !process.isAlive()) {
                restart();
            }
        }

        synchronized void restart() {
            stop();
            start();
        }

        synchronized void stop() {
            if (process != null) {
                process.descendants().forEach(ProcessHandle::destroyForcibly); // what a task left running
                process.destroyForcibly();
                try {
                    process.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private final class Loaded implements LoadedPackage, TaskDiscovery, TaskExecutor {

        private final PythonPackage pkg;
        private final DiscoveredTasks tasks;
        private final Worker worker;
        private final ExecutorService thread =
                Executors.newSingleThreadExecutor(r -> new Thread(r, "reference-process-worker"));
        private final Set<CompletableFuture<Context>> inFlight = ConcurrentHashMap.newKeySet();
        private volatile boolean closed;

        Loaded(PythonPackage pkg, DiscoveredTasks tasks, Worker worker) {
            this.pkg = pkg;
            this.tasks = tasks;
            this.worker = worker;
        }

        @Override
        public PythonPackage pythonPackage() {
            return pkg;
        }

        @Override
        public TaskDiscovery discovery() {
            return tasks;
        }

        @Override
        public TaskExecutor executor() {
            return this;
        }

        @Override
        public List<TaskDescriptor> tasks() {
            return tasks.tasks();
        }

        /** A trigger's poll ({@code ::trigger::NAME}) goes to the bridge like a task when the package declares it. */
        private boolean declaresTrigger(String executionId) {
            String name = TriggerDescriptor.triggerName(executionId);
            return name != null && tasks.triggers().stream().anyMatch(t -> t.name().equals(name));
        }

        @Override
        public CompletableFuture<Context> execute(String taskId, Context input, ExecutionOptions options) {
            if (closed) {
                return CompletableFuture.failedFuture(new TaskError.Cancelled(taskId, "package " + pkg.name() + " is closed"));
            }
            if (task(taskId).isEmpty() && !declaresTrigger(taskId)) {
                return CompletableFuture.failedFuture(new TaskError.TaskNotFound(taskId, pkg.name()));
            }
            String json = input.toJson();
            Map<String, String> logScope = PythonLogs.taskScope(name(), pkg.name(), taskId);
            CompletableFuture<Context> result = new CompletableFuture<>();
            inFlight.add(result);
            result.whenComplete((ok, error) -> inFlight.remove(result));
            thread.execute(() -> {
                if (result.isDone()) {
                    return;
                }
                String reply = null;
                // The timeout counts from the start: a task waiting behind another is not timed out.
                CompletableFuture.delayedExecutor(options.timeout().toNanos(), TimeUnit.NANOSECONDS).execute(() -> {
                    if (result.completeExceptionally(new TaskError.Timeout(taskId, options.timeout()))) {
                        worker.stop();
                    }
                });
                try {
                    worker.ensureRunning();
                    reply = worker.call(taskId, json, logScope);
                    if (reply == null) {
                        result.completeExceptionally(new TaskError.WorkerCrashed(taskId, "python3 exited while running " + taskId));
                    } else {
                        JsonNode parsed = BridgeReplies.parse(reply);
                        PythonLogs.forward(parsed, logScope);
                        result.complete(BridgeReplies.context(parsed, taskId));
                    }
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
                // A worker killed by a timeout, a cancel or the task itself is replaced before the next task.
                if (reply == null && !closed) {
                    worker.restart();
                }
            });
            result.whenComplete((ok, error) -> {
                if (result.isCancelled()) {
                    worker.stop();
                }
            });
            return result;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            for (CompletableFuture<Context> running : List.copyOf(inFlight)) {
                running.completeExceptionally(new TaskError.Cancelled(null, "package " + pkg.name() + " was closed"));
            }
            loaded.remove(this);
            thread.shutdownNow();
            worker.stop();
            try {
                thread.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
