package io.cloacina.python.jep;

import io.cloacina.bridge.BridgeReplies;
import io.cloacina.bridge.PythonLogs;

import java.util.Map;

/**
 * Handed to a package's sub-interpreter as {@code cloaca._logs}' sink: each record it makes (a {@code logging}
 * call, a line of {@code sys.stdout}/{@code sys.stderr}) is logged at once, on the interpreter's thread, with the
 * MDC of what runs now. So a long task's output appears while it runs, and what a task wrote before it was
 * interrupted is not lost. Public for Jep, which calls {@link #accept} from Python.
 */
public final class JepLogSink {

    private volatile Map<String, String> scope;

    JepLogSink(Map<String, String> packageScope) {
        this.scope = packageScope;
    }

    /** The MDC of what the interpreter runs from now on. */
    void scope(Map<String, String> scope) {
        this.scope = scope;
    }

    /** One record, as JSON text. */
    public void accept(String recordJson) {
        PythonLogs.record(BridgeReplies.parse(recordJson), scope);
    }
}
