package io.cloacina.python.subprocess;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The subprocess backend's JDK Flight Recorder events, off unless a recording enables them
 * ({@code docs/perf/notes.md}). Rare by nature (a worker died; a task's dependents held its worker), and a disabled
 * event costs one check.
 */
final class WorkerEvents {

    private WorkerEvents() {
    }

    /** A worker that died or was killed was retired and another started in its place. */
    @Name("io.cloacina.subprocess.WorkerReplaced")
    @Label("Worker Replaced")
    @Description("A Python worker process died or was killed (crash, timeout, cancel) and another was started in its "
            + "place; the duration is the retirement and the new worker's start, import included")
    @Category({"Cloacina", "Subprocess Backend"})
    @StackTrace(false)
    static final class Replaced extends Event {
        @Label("Package")
        String packageName;
        @Label("Old Worker")
        String oldWorker;
        @Label("How It Ended")
        @Description("killed by the backend (timeout, cancel), or died by itself, with its exit status")
        String oldWorkerEnd;
        @Label("New Worker")
        String newWorker;
        @Label("Problem")
        @Description("Why no new worker could be started; none when one was")
        String problem;
    }

    /** A completion still ran its dependents past the limit; another thread took over reading the worker. */
    @Name("io.cloacina.subprocess.ReadingHandedOff")
    @Label("Worker Reading Handed Off")
    @Description("The thread completing a task's future still ran its dependents after 100 ms, so another thread took "
            + "over reading the worker and the worker went on with its queue")
    @Category({"Cloacina", "Subprocess Backend"})
    @StackTrace(false)
    static final class HandedOff extends Event {
        @Label("Package")
        String packageName;
        @Label("Task")
        String task;
        @Label("Worker")
        String worker;
    }

    /** Begins the event of a replacement; {@code null} when no recording wants it. */
    static Replaced replacing(String packageName) {
        Replaced event = new Replaced();
        if (!event.isEnabled()) {
            return null;
        }
        event.packageName = packageName;
        event.begin();
        return event;
    }

    /** Before the old worker is retired: which it was, and whether the backend had asked for its end. */
    static void retiring(Replaced event, WorkerProcess old) {
        if (event != null && old != null) {
            event.oldWorker = old.label();
            event.oldWorkerEnd = old.killRequested() ? "killed by the backend" : "ended by itself";
        }
    }

    /** After it was retired: its exit status. */
    static void retired(Replaced event, WorkerProcess old) {
        if (event != null && old != null) {
            event.oldWorkerEnd += ", " + old.describeExit();
        }
    }

    /** Ends the replacement: the new worker, or why there is none. */
    static void replaced(Replaced event, WorkerProcess started, String problem) {
        if (event == null) {
            return;
        }
        event.end();
        if (event.shouldCommit()) {
            event.newWorker = started == null ? null : started.label();
            event.problem = problem;
            event.commit();
        }
    }

    static void handedOff(String packageName, String taskId, WorkerProcess worker) {
        HandedOff event = new HandedOff();
        if (event.isEnabled()) {
            event.packageName = packageName;
            event.task = taskId;
            event.worker = worker.label();
            event.commit();
        }
    }
}
