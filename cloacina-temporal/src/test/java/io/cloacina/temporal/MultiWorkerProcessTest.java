package io.cloacina.temporal;

import io.cloacina.context.Context;
import io.cloacina.runner.TaskOutcome;
import io.cloacina.runner.WorkflowResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real thing on one machine: the dev server on a free loopback port, two worker JVMs (subprocess backend)
 * serving the same package, runs submitted from this JVM. Then one worker is killed with SIGKILL in the middle of
 * a task, and the run still completes on the other.
 */
@Timeout(240)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiWorkerProcessTest {

    private static final Path LOGS = Path.of("target/multi-worker");

    private static DevServer server;
    private static TemporalConnection temporal;
    private static final List<Worker> workers = new ArrayList<>();
    private static Path state;

    record Worker(String identity, Process process, List<ProcessHandle> pythons) {
        long pid() {
            return process.pid();
        }
    }

    @BeforeAll
    static void startEverything() throws Exception {
        Files.createDirectories(LOGS);
        state = Files.createTempDirectory("cloacina-multi-worker");
        server = DevServer.start(0);
        for (String name : List.of("worker-a", "worker-b")) {
            workers.add(startWorker(name));
        }
        for (Worker worker : workers) {
            awaitReady(worker);
        }
        temporal = TemporalConnection.connect(server.target(), null, "test-client");
    }

    private static Worker startWorker(String identity) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                WorkerProcess.class.getName(), "", GraphPackage.FOLDER.toString(), identity, "2");
        builder.command().set(builder.command().indexOf(""), server.target());
        builder.redirectError(LOGS.resolve(identity + ".log").toFile());
        return new Worker(identity, builder.start(), new ArrayList<>());
    }

    private static void awaitReady(Worker worker) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(worker.process().getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertTrue(line != null && line.startsWith("ready"), worker.identity() + " did not start: " + line
                + " (see " + LOGS.resolve(worker.identity() + ".log") + ")");
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (Worker worker : workers) {
            worker.process().descendants().forEach(worker.pythons()::add);
            worker.process().destroy();
        }
        for (Worker worker : workers) {
            if (!worker.process().waitFor(15, TimeUnit.SECONDS)) {
                worker.process().destroyForcibly();
            }
            worker.pythons().forEach(ProcessHandle::destroyForcibly);
        }
        if (temporal != null) {
            temporal.close();
        }
        if (server != null) {
            server.close();
        }
        if (state != null) {
            try (var files = Files.walk(state)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private Context initial(String json, String run) throws Exception {
        Context context = Context.fromJson(json);
        context.set("state_dir", Files.createDirectories(state.resolve(run)).toString());
        return context;
    }

    @Test
    @Order(1)
    void forty_runs_at_once_all_right_and_spread_over_both_workers() throws Exception {
        List<TemporalRun> runs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            runs.add(TemporalWorkflows.start(temporal.client(), "graph", "0.1.0",
                    initial("{\"flaky_failures\": 0, \"run\": " + i + "}", "run-" + i), RunOptions.defaults()));
        }
        Set<String> workersSeen = new HashSet<>();
        for (int i = 0; i < runs.size(); i++) {
            TemporalRunResult done = runs.get(i).await();
            WorkflowResult result = done.result();
            assertEquals(WorkflowResult.Status.SUCCEEDED, result.status(), "run " + i);
            Context context = result.finalContext().orElseThrow();
            assertEquals(i, context.get("run").orElseThrow().asInt());
            assertEquals(1, context.get("flaky_attempts").orElseThrow().asInt());
            assertTrue(context.get("broken_ran").orElseThrow().asBoolean());
            assertTrue(context.get("after_broken_ran").orElseThrow().asBoolean());
            assertTrue(context.get("slow_done").orElseThrow().asBoolean());
            assertTrue(result.outcome("cleanup").orElseThrow() instanceof TaskOutcome.Skipped);
            done.placements().values().forEach(list -> list.forEach(p -> workersSeen.add(p.worker())));
        }
        assertEquals(Set.of("worker-a", "worker-b"), workersSeen, "tasks ran on both workers");
    }

    @Test
    @Order(2)
    void a_worker_killed_mid_task_loses_nothing() throws Exception {
        Path marker = state.resolve("slow-marker");
        TemporalRun run = TemporalWorkflows.start(temporal.client(), "graph", "0.1.0",
                initial("{\"flaky_failures\": 0, \"slow_seconds\": 6, \"slow_marker\": \"" + marker + "\"}", "kill"),
                RunOptions.defaults().heartbeatTimeout(Duration.ofSeconds(3)));
        // The slow task writes its worker JVM's pid (its Python's parent) when it starts.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(marker) || Files.readString(marker).isBlank()) {
            assertTrue(System.nanoTime() < deadline, "the slow task did not start");
            Thread.sleep(50);
        }
        long pid = Long.parseLong(Files.readAllLines(marker).get(0).trim());
        Worker victim = workers.stream().filter(w -> w.pid() == pid).findFirst().orElseThrow(
                () -> new AssertionError("the slow task runs under pid " + pid + ", not one of our workers"));
        victim.process().descendants().forEach(victim.pythons()::add);
        victim.process().destroyForcibly();
        assertTrue(victim.process().waitFor(10, TimeUnit.SECONDS));
        victim.pythons().forEach(ProcessHandle::destroyForcibly);

        TemporalRunResult done = run.await();
        WorkflowResult result = done.result();
        assertEquals(WorkflowResult.Status.SUCCEEDED, result.status());
        assertTrue(result.finalContext().orElseThrow().get("slow_done").orElseThrow().asBoolean());
        TemporalRunResult.Placement slow = done.placements().get("slow").get(0);
        assertNotEquals(victim.identity(), slow.worker(), "finished by the surviving worker");
        assertTrue(slow.deliveries() >= 2, "re-delivered after the kill: " + slow);
        assertEquals(1, result.outcome("slow").orElseThrow().attempts().size(), "one Cloacina attempt, no failure");
        // At least once: the killed worker's start and the survivor's run both happened.
        assertEquals(2, Files.readAllLines(marker).size());
    }
}
