package io.cloacina.python.subprocess;

import java.nio.file.Path;

/**
 * A Python interpreter that passed the availability probe.
 *
 * @param command        what was configured ({@code python3}, a path, ...)
 * @param executable     the interpreter's own {@code sys.executable}: workers start it directly, which skips
 *                       wrappers such as pyenv shims (a quarter of a second per start) and keeps a virtual
 *                       environment's interpreter
 * @param version        {@code major.minor.micro}
 * @param implementation {@code CPython}, {@code PyPy}, ...
 */
record Interpreter(String command, Path executable, String version, String implementation) {

    String describe() {
        return implementation + " " + version + " at " + executable
                + (command.equals(executable.toString()) ? "" : " (from '" + command + "')");
    }
}
