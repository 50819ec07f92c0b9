package io.cloacina.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether a live, redrawn progress line makes sense: only for a person watching a terminal. */
final class Terminal {

    private Terminal() {
    }

    /**
     * A heuristic: the JVM has a console (standard input and output are a terminal), which on JDK 22+ must also
     * say {@code isTerminal()}, and {@code TERM} is not {@code dumb}. {@code CLOACINA_PROGRESS=plain} turns the
     * live line off, {@code =live} forces it on.
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
