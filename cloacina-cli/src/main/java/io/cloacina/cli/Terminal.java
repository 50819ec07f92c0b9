package io.cloacina.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether a live, redrawn progress line makes sense: only for a person watching a terminal. */
final class Terminal {

    private Terminal() {
    }

    /** Set by bin/cloacina from {@code [ -t 2 ]}: the one check Java cannot make itself (is stderr a terminal?). */
    static final String STDERR_IS_TERMINAL = "cloacina.stderrIsTerminal";

    /**
     * {@code CLOACINA_PROGRESS=plain|live} decides if set; else the launcher's {@value #STDERR_IS_TERMINAL}; else a
     * heuristic: the JVM has a console (standard input and output are a terminal), which on JDK 22+ must also
     * say {@code isTerminal()}. Never with {@code TERM=dumb} or under CI.
     */
    static boolean isInteractive() {
        String forced = System.getenv("CLOACINA_PROGRESS");
        if ("plain".equalsIgnoreCase(forced)) {
            return false;
        }
        if ("live".equalsIgnoreCase(forced)) {
            return true;
        }
        if ("dumb".equals(System.getenv("TERM")) || System.getenv("CI") != null) {
            return false;
        }
        String fromLauncher = System.getProperty(STDERR_IS_TERMINAL);
        if (fromLauncher != null) {
            return Boolean.parseBoolean(fromLauncher);
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // JDK 22 returns a Console even when redirected; isTerminal() (absent on 21) tells the truth there.
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException onJdk21) {
            return true;
        }
    }
}
