package io.cloacina.python.subprocess;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloacina.bridge.concurrent.DeadlineTimer;
import io.cloacina.error.TaskError;
import io.cloacina.bridge.BridgeReplies;
import io.cloacina.bridge.PythonLogs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker processes of one package, one per {@link Slot}. No thread of the pool stands between a caller
 * and its worker: a run goes to an idle worker from the thread that submits it, and the thread that reads the
 * worker's reply completes the run and then sends that worker the next queued run. (A thread in between cost
 * two extra thread wake-ups per task, the largest part of a trivial task's overhead; docs/perf/notes.md.)
 *
 * <p>Workers are started on demand, up to the pool's size, each on a short-lived thread of its own (a start
 * is a process start and an import), and a worker that dies or is killed is replaced the same way at once.
 * Runs wait in submission order while every worker is busy.
 */
final class WorkerPool {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
    /**
     * Requests up to this size are written by whichever thread dispatches them: an idle worker has read
     * everything sent to it, so its stdin pipe (64 KiB on Linux) takes them without blocking. Larger ones are
     * written from a thread of their own, so that no caller waits for a worker to read.
     */
    private static final int DIRECT_WRITE_LIMIT = 32 * 1024;
    /**
     * How long a run's completion (its dependents, running on the worker's reader) may hold the worker before
     * another thread takes over reading and the worker goes back to work. A dependent that blocks waiting for
     * another task of the package therefore never deadlocks the pool, whatever its size.
     */
    private static final Duration SLOW_COMPLETION = Duration.ofMillis(100);

    private final String packageName;
    private final WorkerLauncher launcher;
    private final int size;
    private final Duration grace;
    private final DeadlineTimer timers;
    private final Set<WorkerProcess> live;
    private final AtomicInteger workerNumbers = new AtomicInteger();
    /** Threads starting or replacing a worker, so that close() can wait for them. */
    private final Set<Thread> starters = ConcurrentHashMap.newKeySet();

    private final Object lock = new Object();
    // Guarded by lock. Invariant: a slot is idle only while no run is queued.
    private final ArrayDeque<TaskRun> queue = new ArrayDeque<>();
    /** Used most recently first: that worker's memory is the warmest. */
    private final ArrayDeque<Slot> idle = new ArrayDeque<>();
    private final List<Slot> slots = new ArrayList<>();
    /** Workers being started to add a slot. */
    private int growing;
    private boolean closed;

    WorkerPool(String packageName, WorkerLauncher launcher, int size, Duration grace,
               DeadlineTimer timers, Set<WorkerProcess> live) {
        this.packageName = packageName;
        this.launcher = launcher;
        this.size = size;
        this.grace = grace;
        this.timers = timers;
        this.live = live;
    }

    int nextWorkerNumber() {
        return workerNumbers.incrementAndGet();
    }

    /** Puts the worker that loaded the package (and discovered its tasks) in the pool's first slot. */
    void adopt(WorkerProcess first) {
        synchronized (lock) {
            if (!closed) {
                Slot slot = new Slot(first);
                slots.add(slot);
                idle.addFirst(slot);
                return;
            }
        }
        launcher.retire(first);
    }

    void submit(TaskRun run) {
        Slot slot;
        synchronized (lock) {
            if (closed) {
                slot = null;
            } else {
                slot = queue.isEmpty() ? idle.pollFirst() : null;
                if (slot != null) {
                    slot.take(run);
                } else {
                    queue.addLast(run);
                    growIfNeeded();
                    return;
                }
            }
        }
        if (slot == null) {
            run.abort(closedBeforeStart(run));
        } else {
            slot.start(run);
        }
    }

    /** Adds a worker when more runs wait than workers are on their way, up to the pool's size. */
    private void growIfNeeded() {
        if (slots.size() + growing < size && queue.size() > growing) {
            growing++;
            startThread("grow", this::grow);
        }
    }

    private void grow() {
        WorkerProcess worker = null;
        try {
            worker = launcher.start(nextWorkerNumber()).worker();
        } catch (RuntimeException e) { // TaskError as the launcher reports it, or anything unforeseen
            LOG.warn("Could not start another Python worker for package '{}': {}; the pool goes on with the "
                    + "workers it has", packageName, e.getMessage());
        }
        Slot slot = null;
        TaskRun next = null;
        synchronized (lock) {
            growing--;
            if (worker != null && !closed) {
                slot = new Slot(worker);
                slots.add(slot);
                next = slot.nextOrIdle();
            }
        }
        if (worker != null && slot == null) {
            launcher.retire(worker); // closed while it started
        }
        if (next != null) {
            slot.start(next);
        }
    }

    private void startThread(String purpose, Runnable work) {
        Thread thread = Thread.ofPlatform().daemon().name("cloacina-" + packageName + "-" + purpose).unstarted(() -> {
            try {
                work.run();
            } catch (RuntimeException | Error unexpected) {
                LOG.error("Worker pool of package '{}' failed to {} a worker", packageName, purpose, unexpected);
            } finally {
                starters.remove(Thread.currentThread());
            }
        });
        starters.add(thread);
        thread.start();
    }

    /**
     * Fails queued runs and running ones with {@code Cancelled}, stops the workers (gracefully when idle, all
     * at once) and waits, bounded, for them and for workers being started. Whatever is alive after that is killed.
     */
    void close() {
        List<TaskRun> queued;
        List<Slot> all;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            queued = List.copyOf(queue);
            queue.clear();
            idle.clear();
            all = List.copyOf(slots);
        }
        queued.forEach(run -> run.abort(closedBeforeStart(run)));
        List<Thread> stopping = new ArrayList<>(starters);
        for (Slot slot : all) {
            slot.cancelForClose();
            WorkerProcess worker = slot.worker();
            if (worker != null) {
                stopping.add(Thread.ofVirtual().name("cloacina-" + packageName + "-stop").start(
                        () -> launcher.retire(worker)));
            }
        }
        long deadline = System.nanoTime() + grace.multipliedBy(3).plusSeconds(2).toNanos();
        joinUntil(stopping, deadline);
        joinUntil(List.copyOf(starters), deadline); // a run that found its worker dead may have started one since
        killAllNow();
    }

    private static void joinUntil(List<Thread> threads, long deadline) {
        for (Thread thread : threads) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            try {
                thread.join(Math.max(1, left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Kills every worker at once, without waiting: for the JVM's shutdown and as close()'s last resort. */
    void killAllNow() {
        synchronized (lock) {
            closed = true;
        }
        for (WorkerProcess worker : live) {
            worker.kill();
        }
    }

    private TaskError closedBeforeStart(TaskRun run) {
        return new TaskError.Cancelled(run.taskId(), "Package '" + packageName + "' was closed before task '"
                + run.taskId() + "' started");
    }

    private TaskError closedWhileRunning(TaskRun run) {
        return new TaskError.Cancelled(run.taskId(), "Package '" + packageName + "' was closed while task '"
                + run.taskId() + "' was running");
    }

    /**
     * One worker process at a time and the run it has. A slot is owned by one thread at a time: the one that
     * took it from the idle list or the queue, then the worker's reader when the reply arrives, or a starter
     * thread while its worker is replaced; so only {@link #current} and {@link #worker} need the lock.
     */
    private final class Slot {

        /** Guarded by lock. {@code null} after a start failed: the next run tries again. */
        private WorkerProcess worker;
        /** Guarded by lock: the run this slot was given, from the moment it was taken until it ended. */
        private TaskRun current;

        Slot(WorkerProcess worker) {
            this.worker = worker;
        }

        WorkerProcess worker() {
            synchronized (lock) {
                return worker;
            }
        }

        /** Under lock: gives this slot {@code run}. Attached now, so that a close or cancel from here on kills the right worker. */
        void take(TaskRun run) {
            current = run;
            run.attach(worker);
        }

        /** Under lock: the next queued run (taken), or {@code null} with this slot back on the idle list. */
        TaskRun nextOrIdle() {
            TaskRun next = queue.pollFirst();
            if (next != null) {
                take(next);
            } else {
                current = null;
                idle.addFirst(this);
            }
            return next;
        }

        /** Sends {@code run}, which this slot was given, and those after it that end before they reach the worker. */
        void start(TaskRun run) {
            while (run != null) {
                try {
                    run = startOne(run);
                } catch (RuntimeException unexpected) { // the runtime's timer closed under us, or a bug here
                    TaskRun failed = run;
                    failed.abort(new TaskError.WorkerCrashed(failed.taskId(), "Task '" + failed.taskId()
                            + "' could not be sent to a Python worker of package '" + packageName + "': " + unexpected));
                    run = release(failed); // the slot must not stay taken by a run that will never be sent
                }
            }
        }

        /** @return the next run to start now, when {@code run} did not reach the worker */
        private TaskRun startOne(TaskRun run) {
            if (run.isDone()) {
                return release(run); // cancelled while it waited
            }
            WorkerProcess target;
            synchronized (lock) {
                target = worker;
            }
            if (target == null || target.unusable()) {
                replaceWorker(run);
                return null;
            }
            byte[] request;
            try {
                request = WorkerProcess.encodeExecute(run.taskId(), run.input());
            } catch (UncheckedIOException e) {
                // The input's fault, not the worker's: it stays.
                run.future().completeExceptionally(new TaskError.ValidationFailed(run.taskId(),
                        "The input context of task '" + run.taskId() + "' could not be written as JSON: "
                                + e.getCause().getMessage()));
                return release(run);
            }
            // Armed before the request is written: a wedged worker that stops reading its stdin could otherwise
            // block the write for ever; the kill ends the write too. Nearly never due: arming and cancelling it
            // wake no thread.
            DeadlineTimer.Handle timer = timers.schedule(run.timeout(), () -> timedOut(run, target));
            if (request.length <= DIRECT_WRITE_LIMIT) {
                send(run, target, request, timer);
            } else {
                Thread.ofVirtual().name("cloacina-" + packageName + "-send")
                        .start(() -> send(run, target, request, timer));
            }
            return null;
        }

        private void send(TaskRun run, WorkerProcess target, byte[] request, DeadlineTimer.Handle timer) {
            CompletableFuture<ObjectNode> reply;
            try {
                reply = target.execute(run.logScope(), request);
            } catch (RuntimeException e) {
                // A bug on this side of the protocol: the worker's state is unknown, so it goes.
                target.kill();
                reply = CompletableFuture.failedFuture(e);
            }
            // Usually runs on the worker's stdout reader, when the reply is read.
            reply.whenComplete((frame, failure) -> ended(run, target, timer, frame, failure));
        }

        private void timedOut(TaskRun run, WorkerProcess target) {
            if (!run.abort(new TaskError.Timeout(run.taskId(), run.timeout()))) {
                return; // it ended just now
            }
            // The abort killed the worker, so its reply fails and the slot replaces it. Backstop for a worker
            // whose reader never sees the end of its stream: give up on the reply (only if it was killed, so
            // that a worker that finished in time and went on to another run is never touched).
            timers.schedule(grace.multipliedBy(3).plusSeconds(5), () -> {
                if (target.unusable()) {
                    target.abandon("did not end after task '" + run.taskId() + "' timed out and it was killed");
                }
            });
        }

        private void ended(TaskRun run, WorkerProcess target, DeadlineTimer.Handle timer, ObjectNode frame,
                           Throwable failure) {
            timer.cancel();
            run.detach();
            AtomicBoolean released = new AtomicBoolean();
            DeadlineTimer.Handle slow = watchCompletion(run, target, released);
            if (failure == null) {
                finish(run, frame);
            } else {
                // Already completed when the death was ours (timeout, cancel, close): then this changes nothing.
                run.abort(new TaskError.WorkerCrashed(run.taskId(), "Task '" + run.taskId() + "' of package '"
                        + packageName + "' lost " + target.label() + ": " + failure.getMessage()));
            }
            // Completed first, and only then is this worker free: the next run's reply must not wait for this
            // thread's dependents. A dependent that waits for another task of the package gets another worker,
            // or this one once the slow-completion timer hands its reading to another thread.
            if (slow != null) {
                slow.cancel();
            }
            if (released.compareAndSet(false, true)) {
                start(release(run));
            }
        }

        /**
         * Past {@link #SLOW_COMPLETION}, frees the worker from a completion still running its dependents:
         * another thread takes over reading it, and it goes on with the queue. {@code null} when closing.
         */
        private DeadlineTimer.Handle watchCompletion(TaskRun run, WorkerProcess target, AtomicBoolean released) {
            try {
                return timers.schedule(SLOW_COMPLETION, () -> {
                    if (released.compareAndSet(false, true)) {
                        LOG.debug("Dependents of task '{}' still run after {} ms; {} goes on without them",
                                run.taskId(), SLOW_COMPLETION.toMillis(), target.label());
                        WorkerEvents.handedOff(packageName, run.taskId(), target);
                        target.takeOverReading();
                        start(release(run));
                    }
                });
            } catch (IllegalStateException timerClosed) {
                return null; // the runtime is closing: the run is still completed; nothing is left to guard
            }
        }

        private void finish(TaskRun run, ObjectNode frame) {
            PythonLogs.forward(frame, run.logScope()); // the records came as frames; a dropped count comes here
            try {
                run.future().complete(BridgeReplies.context(frame, run.taskId()));
            } catch (TaskError failure) {
                run.future().completeExceptionally(failure);
            }
        }

        /**
         * After {@code run}: the next queued run (taken), or the slot goes idle; a worker that died is replaced
         * first, on a thread of its own, which then starts the next run itself.
         */
        private TaskRun release(TaskRun run) {
            synchronized (lock) {
                if (current == run) {
                    current = null;
                }
                if (closed) {
                    return null; // close() stops the worker
                }
                if (worker != null && worker.unusable()) {
                    current = null;
                    replaceWorker(null);
                    return null;
                }
                return nextOrIdle();
            }
        }

        /** Retires the worker and starts another on a starter thread, which then runs {@code waiting} (if any) or the queue. */
        private void replaceWorker(TaskRun waiting) {
            startThread("replace", () -> replace(waiting));
        }

        private void replace(TaskRun waiting) {
            WorkerProcess old;
            synchronized (lock) {
                old = worker;
                worker = null;
            }
            WorkerEvents.Replaced recorded = WorkerEvents.replacing(packageName);
            if (old != null) {
                WorkerEvents.retiring(recorded, old);
                launcher.retire(old);
                WorkerEvents.retired(recorded, old);
            }
            TaskRun run = waiting;
            while (true) {
                if (isClosed()) {
                    if (run != null) {
                        run.abort(closedBeforeStart(run));
                    }
                    return;
                }
                WorkerProcess started;
                try {
                    started = launcher.start(nextWorkerNumber()).worker();
                } catch (RuntimeException e) { // TaskError as the launcher reports it, or anything unforeseen
                    String problem = "Could not start a Python worker for package '" + packageName + "': "
                            + e.getMessage();
                    WorkerEvents.replaced(recorded, null, problem);
                    recorded = null; // one event per replacement: a retry with the next queued run is not one
                    if (run == null) {
                        LOG.warn("{}; will try again when a task needs it", problem);
                    } else {
                        run.abort(new TaskError.WorkerCrashed(run.taskId(), problem));
                    }
                    synchronized (lock) {
                        run = closed ? null : nextOrIdle(); // each queued run gets a try of its own, or the error
                    }
                    if (run == null) {
                        return;
                    }
                    continue;
                }
                WorkerEvents.replaced(recorded, started, null);
                synchronized (lock) {
                    if (!closed) {
                        worker = started;
                        if (run != null) {
                            take(run);
                        } else {
                            run = nextOrIdle();
                        }
                        break;
                    }
                }
                launcher.retire(started); // closed while it started
                if (run != null) {
                    run.abort(closedBeforeStart(run));
                }
                return;
            }
            start(run);
        }

        /** Fails the running run (which kills its worker); close() then stops the worker. */
        void cancelForClose() {
            TaskRun running;
            synchronized (lock) {
                running = current;
            }
            if (running != null) {
                running.abort(closedWhileRunning(running));
            }
        }
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }
}
