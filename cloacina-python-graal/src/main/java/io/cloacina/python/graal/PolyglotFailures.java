package io.cloacina.python.graal;

import io.cloacina.error.TaskError;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link PolyglotException} that got past the {@code cloaca} bridge into a {@link TaskError}.
 * The bridge already reports every Python exception itself ({@code sys.exit()} included); what arrives here
 * is what Python code cannot catch: a hard exit ({@code os._exit}), an interrupt, a closed context, an
 * internal GraalPy error (which is also how GraalPy reports some sandbox refusals), exhausted resources.
 */
final class PolyglotFailures {

    private static final String BRIDGE_FILE = "/cloaca/_host.py";

    private PolyglotFailures() {
    }

    /** Whether the context can run the next task: only after an interrupt or an ordinary guest exception. */
    static boolean leavesContextUsable(PolyglotException e) {
        if (e.isInterrupted()) {
            return true;
        }
        return e.isGuestException() && !e.isInternalError() && !e.isExit() && !e.isCancelled()
                && !e.isResourceExhausted();
    }

    /** The failure of a task that was not stopped by the backend on purpose (timeouts are decided elsewhere). */
    static TaskError toTaskError(PolyglotException e, String taskId) {
        String where = innermostUserFrame(e);
        if (e.isExit()) {
            // sys.exit() never gets here (the bridge reports SystemExit as an ExecutionFailed); this is a hard
            // exit such as os._exit(), which ends the whole context: the task's "worker" died.
            return new TaskError.WorkerCrashed(taskId, "Task '" + taskId + "' ended its GraalPy context with exit status "
                    + e.getExitStatus() + " (os._exit?)" + where + "; the context is replaced");
        }
        if (e.isCancelled()) {
            return new TaskError.Cancelled(taskId, "Task '" + taskId + "' was cancelled: its GraalPy context was closed");
        }
        if (e.isInterrupted()) {
            return new TaskError.Cancelled(taskId, "Task '" + taskId + "' was interrupted");
        }
        if (e.isResourceExhausted()) {
            return new TaskError.WorkerCrashed(taskId, "Task '" + taskId + "' exhausted a GraalPy resource limit: "
                    + firstLine(e.getMessage()) + where);
        }
        if (e.isGuestException() && !e.isInternalError()) {
            String type = guestType(e.getGuestObject());
            return new TaskError.ExecutionFailed(taskId, type + ": " + firstLine(e.getMessage()), type,
                    traceback(e, type + ": " + firstLine(e.getMessage())));
        }
        return new TaskError.WorkerCrashed(taskId, "GraalPy failed internally while running task '" + taskId + "': "
                + firstLine(e.getMessage()) + where);
    }

    /** A load that failed outside Python's own exception handling. */
    static TaskError toImportFailure(PolyglotException e, String entryModule) {
        return new TaskError.ImportFailed(null, "Importing entry module '" + entryModule + "' failed inside GraalPy: "
                + firstLine(e.getMessage()) + innermostUserFrame(e), guestTypeOrNull(e), traceback(e,
                firstLine(e.getMessage())));
    }

    /**
     * A Python-style traceback built from the guest frames, outermost first, without the bridge's frames,
     * or {@code null} when there is no user frame.
     */
    static String traceback(PolyglotException e, String lastLine) {
        List<String> frames = new ArrayList<>();
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            String line = describe(frame);
            if (line != null) {
                frames.add(0, line);
            }
        }
        if (frames.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder("Traceback (most recent call last):\n");
        frames.forEach(text::append);
        return text.append(lastLine).append('\n').toString();
    }

    private static String describe(PolyglotException.StackFrame frame) {
        if (!frame.isGuestFrame()) {
            return null;
        }
        SourceSection section = frame.getSourceLocation();
        if (section == null || section.getSource() == null) {
            return null;
        }
        String file = section.getSource().getPath() != null ? section.getSource().getPath()
                : section.getSource().getName();
        if (file == null || file.endsWith(BRIDGE_FILE) || !section.getSource().hasCharacters()
                || file.startsWith("cloacina_graal_")) {
            return null;
        }
        String function = frame.getRootName() == null ? "<module>" : frame.getRootName();
        return "  File \"" + file + "\", line " + section.getStartLine() + ", in " + function + "\n";
    }

    private static String innermostUserFrame(PolyglotException e) {
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            String line = describe(frame);
            if (line != null) {
                return " (" + line.strip() + ")";
            }
        }
        return "";
    }

    private static String guestTypeOrNull(PolyglotException e) {
        return e.isGuestException() && !e.isInternalError() ? guestType(e.getGuestObject()) : null;
    }

    private static String guestType(Value exception) {
        try {
            if (exception != null && exception.getMetaObject() != null) {
                return exception.getMetaObject().getMetaQualifiedName();
            }
        } catch (RuntimeException contextGone) {
            // The context may already be closed; the type is then unknown.
        }
        return "Exception";
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "(no message)";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
