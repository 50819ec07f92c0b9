package io.cloacina.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A terminal's stderr with a status line kept at the bottom. Everything else written to stderr (task output
 * forwarded through SLF4J, warnings) goes through {@link #foreignOutput()}, which erases the status line
 * first and redraws it after each completed line, so the two never end up on one line.
 */
final class LiveLine implements ProgressOutput {

    private static final byte[] CLEAR = "\r\033[K".getBytes(StandardCharsets.UTF_8);

    private final PrintStream terminal;
    private String status = "";
    private boolean shown;

    LiveLine(PrintStream terminal) {
        this.terminal = terminal;
    }

    @Override
    public synchronized void line(String text) {
        erase();
        terminal.print(text + System.lineSeparator());
        redraw();
    }

    @Override
    public synchronized void status(String text) {
        status = text;
        erase();
        redraw();
    }

    @Override
    public synchronized void clearStatus() {
        status = "";
        erase();
        terminal.flush();
    }

    /** A stream for everyone else's stderr output. */
    OutputStream foreignOutput() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                synchronized (LiveLine.this) {
                    erase();
                    terminal.write(bytes, offset, length);
                    if (length > 0 && bytes[offset + length - 1] == '\n') {
                        redraw();
                    }
                    terminal.flush();
                }
            }

            @Override
            public void flush() throws IOException {
                terminal.flush();
            }
        };
    }

    private void erase() {
        if (shown) {
            terminal.write(CLEAR, 0, CLEAR.length);
            shown = false;
        }
    }

    private void redraw() {
        if (!status.isEmpty()) {
            terminal.print(status);
            shown = true;
        }
        terminal.flush();
    }
}
