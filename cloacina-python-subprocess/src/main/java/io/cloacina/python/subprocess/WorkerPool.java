package io.cloacina.python.subprocess;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloacina.concurrent.DeadlineTimer;
import io.cloacina.error.TaskError;
import io.cloacina.python.BridgeReplies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker processes of one package. Each worker has a driver thread that takes runs from a shared queue,
 * sends them and waits for the reply, so callers never block. Drivers (and their workers) are added on
 * demand, up to the pool's size, when more runs are in flight than there are drivers; a worker that dies
 * or is killed is replaced by its driver straight away.
 */
final class WorkerPool {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
    /** How often an idle driver looks up from the queue to notice a close it was not interrupted for. */
    private static final long IDLE_POLL_MILLIS = 500;

    private final String packageName;
    private final WorkerLauncher launcher;
    private final int size;
    private final Duration grace;
    private final DeadlineTimer timers;
    private final Set<WorkerProcess> live;
    private final BlockingQueue<TaskRun> queue = new LinkedBlockingQueue<>();
    private final Set<Driver> drivers = ConcurrentHashMap.newKeySet();
    /**
     * Runs queued or running. A driver gives its run back before completing the run's future, so a caller
     * that submits again the moment its result arrives does not make the pool grow.
     */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger workerNumbers = new AtomicInteger();
    private final Object lifecycle = new Object();
    private volatile boolean closed;

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

    /** Puts the worker that loaded the package (and discovered its tasks) to work as the first driver's. */
    void adopt(WorkerProcess first) {
        addDriver(first);
    }

    void submit(TaskRun run) {
        int pending = inFlight.incrementAndGet();
        queue.add(run);
        if (closed && queue.remove(run)) {
            inFlight.decrementAndGet();
            run.abort(closedBeforeStart(run));
            return;
        }
        if (pending > drivers.size()) {
            addDriver(null);
        }
    }

    private void addDriver(WorkerProcess worker) {
        synchronized (lifecycle) {
            if (closed || drivers.size() >= size || (worker == null && inFlight.get() <= drivers.size())) {
                if (worker != null) {
                    launcher.retire(worker);
                }
                return;
            }
            Driver driver = new Driver(worker);
            drivers.add(driver);
            driver.thread.start();
        }
    }

    /**
     * Fails queued runs and running ones with {@code Cancelled}, stops the workers (gracefully when idle)
     * and waits, bounded, for the drivers to end. Whatever is still alive after that is killed.
     */
    void close() {
        List<Driver> stopping;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            stopping = List.copyOf(drivers);
        }
        for (TaskRun queued; (queued = queue.poll()) != null; ) {
            inFlight.decrementAndGet();
            queued.abort(closedBeforeStart(queued));
        }
        stopping.forEach(Driver::stopForClose);
        long deadline = System.nanoTime() + grace.multipliedBy(3).plusSeconds(2).toNanos();
        for (Driver driver : stopping) {
            try {
                driver.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        killAllNow();
    }

    /** Kills every worker at once, without waiting: for the JVM's shutdown and as close()'s last resort. */
    void killAllNow() {
        closed = true;
        for (WorkerProcess worker : live) {
            worker.kill();
        }
    }

    private TaskError closedBeforeStart(TaskRun run) {
        return new TaskError.Cancelled(run.taskId(), "Package '" + packageName + "' was closed before task '"
                + run.taskId() + "' started");
    }

    /** A thread owning one worker process at a time: it runs queued tasks on it and replaces it when it dies. */
    private final class Driver {

        private final Thread thread;
        private WorkerProcess worker;
        /** The run on the worker now; guarded by this driver, so close() either sees it or the driver sees closed. */
        private TaskRun current;

        Driver(WorkerProcess worker) {
            this.worker = worker;
            this.thread = Thread.ofPlatform().daemon().name("cloacina-" + packageName + "-driver")
                    .unstarted(this::drive);
        }

        private void drive() {
            try {
                while (!closed) {
                    TaskRun run = nextRun();
                    if (run == null) {
                        continue;
                    }
                    if (run.isDone()) {
                        inFlight.decrementAndGet(); // cancelled while it waited
                        continue;
                    }
                    if ((worker == null || worker.unusable()) && !replaceWorker(run)) {
                        continue;
                    }
                    runOn(run);
                    if (worker.unusable()) {
                        replaceWorker(null); // straight away, so the next task does not pay the start-up
                    }
                }
            } catch (RuntimeException | Error unexpected) {
                LOG.error("Driver of package '{}' failed; its worker is stopped", packageName, unexpected);
            } finally {
                Thread.interrupted(); // close() interrupts to wake us; the graceful stop below should still wait
                if (worker != null) {
                    launcher.retire(worker);
                }
                drivers.remove(this);
                if (!closed && !queue.isEmpty()) {
                    addDriver(null); // runs must not wait for a driver that is gone
                }
            }
        }

        private TaskRun nextRun() {
            try {
                return queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException wokenForClose) {
                return null;
            }
        }

        /** Retires the current worker and starts another; with a run in hand, a failure to start fails that run. */
        private boolean replaceWorker(TaskRun waiting) {
            if (worker != null) {
                launcher.retire(worker);
                worker = null;
            }
            if (closed) {
                if (waiting != null) {
                    release(waiting).abort(closedBeforeStart(waiting));
                }
                return false;
            }
            try {
                worker = launcher.start(nextWorkerNumber()).worker();
                return true;
            } catch (RuntimeException e) { // TaskError as the launcher reports it, or anything unforeseen
                if (closed) {
                    if (waiting != null) {
                        release(waiting).abort(closedBeforeStart(waiting));
                    }
                    return false;
                }
                String problem = "Could not start a Python worker for package '" + packageName + "': "
                        + e.getMessage();
                if (waiting != null) {
                    release(waiting).abort(new TaskError.WorkerCrashed(waiting.taskId(), problem));
                } else {
                    LOG.warn("{}; will try again when a task needs it", problem);
                }
                return false;
            }
        }

        /** Gives a run back to the in-flight count; call before completing its future. */
        private TaskRun release(TaskRun run) {
            inFlight.decrementAndGet();
            return run;
        }

        private void runOn(TaskRun run) {
            byte[] request;
            try {
                request = WorkerProcess.encodeExecute(run.taskId(), run.input());
            } catch (UncheckedIOException e) {
                // The input's fault, not the worker's: it stays.
                release(run).future().completeExceptionally(new TaskError.ValidationFailed(run.taskId(),
                        "The input context of task '" + run.taskId() + "' could not be written as JSON: "
                                + e.getCause().getMessage()));
                return;
            }
            WorkerProcess running = worker;
            synchronized (this) {
                if (closed) {
                    release(run).abort(closedBeforeStart(run));
                    return;
                }
                current = run;
                run.attach(running);
            }
            DeadlineTimer.Handle timer = null;
            boolean released = false;
            try {
                if (run.isDone()) {
                    return; // cancelled just now; if that killed the worker, the caller replaces it
                }
                // Armed before the request is written: a wedged worker that stops reading its stdin could
                // otherwise block the write, and this driver, for ever. The kill ends the write too.
                // Cancelled after the reply, so nearly never due: arming and cancelling it wake no thread.
                timer = timers.schedule(run.timeout(), () -> run.abort(new TaskError.Timeout(run.taskId(), run.timeout())));
                CompletableFuture<ObjectNode> reply = running.execute(run.taskId(), request);
                // The timer kills the worker at the limit, which ends this wait; the extra bound is a backstop.
                ObjectNode frame = reply.get(run.timeout().plus(grace.multipliedBy(3)).plusSeconds(5).toMillis(),
                        TimeUnit.MILLISECONDS);
                released = true;
                finish(release(run), frame);
            } catch (ExecutionException e) {
                // Already completed when the death was ours (timeout, cancel, close): then this changes nothing.
                released = true;
                release(run).abort(new TaskError.WorkerCrashed(run.taskId(), "Task '" + run.taskId()
                        + "' of package '" + packageName + "' lost its Python worker: " + e.getCause().getMessage()));
            } catch (TimeoutException e) {
                running.kill();
                released = true;
                release(run).abort(new TaskError.Timeout(run.taskId(), run.timeout()));
            } catch (RuntimeException e) {
                // A bug on this side of the protocol: the worker's state is unknown, so it goes.
                running.kill();
                released = true;
                release(run).abort(new TaskError.WorkerCrashed(run.taskId(), "Task '" + run.taskId()
                        + "' could not be run on " + running.label() + ": " + e));
            } catch (InterruptedException e) {
                running.kill();
                released = true;
                release(run).abort(new TaskError.Cancelled(run.taskId(), "Package '" + packageName
                        + "' was closed while task '" + run.taskId() + "' was running"));
            } finally {
                if (!released) {
                    release(run);
                }
                if (timer != null) {
                    timer.cancel();
                }
                synchronized (this) {
                    current = null;
                    run.detach();
                }
            }
        }

        private void finish(TaskRun run, ObjectNode frame) {
            try {
                run.future().complete(BridgeReplies.context(frame, run.taskId()));
            } catch (TaskError failure) {
                run.future().completeExceptionally(failure);
            }
        }

        void stopForClose() {
            synchronized (this) {
                if (current != null) {
                    current.abort(new TaskError.Cancelled(current.taskId(), "Package '" + packageName
                            + "' was closed while task '" + current.taskId() + "' was running"));
                }
            }
            thread.interrupt();
        }
    }
}
