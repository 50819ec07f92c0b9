package io.cloacina.python.subprocess;

import java.util.Map;

/** How a worker process ended, in words: an exit code, or the signal that killed it. */
record ExitStatus(int code) {

    private static final Map<Integer, String> SIGNALS = Map.of(
            1, "SIGHUP", 2, "SIGINT", 4, "SIGILL", 6, "SIGABRT", 7, "SIGBUS", 8, "SIGFPE",
            9, "SIGKILL", 11, "SIGSEGV", 13, "SIGPIPE", 15, "SIGTERM");

    /** The JDK reports death by signal N as exit code 128 + N. */
    String describe() {
        if (code > 128 && code < 128 + 65) {
            int signal = code - 128;
            String name = SIGNALS.get(signal);
            return "killed by signal " + signal + (name == null ? "" : " (" + name + ")") + ", exit code " + code;
        }
        return "exit code " + code;
    }
}
