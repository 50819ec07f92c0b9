package io.cloacina.cli;

import java.io.PrintWriter;

/** Where progress goes: permanent lines, plus a status line that only a terminal shows. */
interface ProgressOutput {

    void line(String text);

    /** Shows (or replaces) the live status line; ignored when there is no terminal. */
    void status(String text);

    void clearStatus();

    /** Whether {@link #status} shows anything: a reporter builds no status text for an output that drops it. */
    default boolean showsStatus() {
        return true;
    }

    /** Plain lines, no status line: for pipes, files, CI logs and captured output. */
    static ProgressOutput plain(PrintWriter err) {
        return new ProgressOutput() {
            @Override
            public void line(String text) {
                err.println(text);
                err.flush();
            }

            @Override
            public void status(String text) {
            }

            @Override
            public boolean showsStatus() {
                return false;
            }

            @Override
            public void clearStatus() {
            }
        };
    }
}
