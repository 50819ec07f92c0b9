package io.cloacina.python.subprocess;

import java.util.List;

/** Kills a process together with the processes it started. */
final class ProcessTrees {

    private ProcessTrees() {
    }

    /**
     * SIGKILLs the process and every descendant it has now. The descendants are listed first: once the
     * parent is dead they are re-parented and no longer findable as its descendants.
     */
    static void killNow(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }
}
