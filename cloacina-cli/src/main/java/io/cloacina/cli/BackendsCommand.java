package io.cloacina.cli;

import io.cloacina.runtime.PythonRuntimes;
import io.cloacina.runtime.RuntimeCandidate;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "backends", mixinStandardHelpOptions = true,
        description = {"Lists the Python backends found, one per line: the name, then `available` or `unavailable: <reason>`.",
                "The first available one is used unless --backend, -Dcloacina.python.backend or CLOACINA_PYTHON_BACKEND names another."})
final class BackendsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<RuntimeCandidate> found = PythonRuntimes.discover();
        try {
            if (found.isEmpty()) {
                throw new UserError(ExitCodes.CANNOT_RUN, "no Python backend is on the class path");
            }
            int width = found.stream().mapToInt(c -> c.name().length()).max().orElse(0);
            for (RuntimeCandidate candidate : found) {
                String name = candidate.name() + " ".repeat(width - candidate.name().length());
                out.println(candidate.available()
                        ? name + "  available" + (candidate.reason().isBlank() ? "" : " (" + candidate.reason() + ")")
                        : name + "  unavailable: " + candidate.reason());
            }
            out.flush();
            return ExitCodes.OK;
        } finally {
            for (RuntimeCandidate candidate : found) {
                if (candidate.runtime() != null) {
                    candidate.runtime().close();
                }
            }
        }
    }
}
