package io.cloacina.cli;

import io.cloacina.temporal.DevServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;

@Command(name = "temporal-dev", mixinStandardHelpOptions = true,
        description = {"Starts Temporal's in-memory test server on 127.0.0.1 for trying workers and runs on one machine,",
                "and prints its address (HOST:PORT) on stdout. Everything is kept in memory and lost when it stops;",
                "production uses a real Temporal cluster (see README, \"Scaling out\"). Runs until Ctrl-C or SIGTERM."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"3:the port cannot be listened on", "130/143:stopped by SIGINT/SIGTERM"})
final class TemporalDevCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "PORT", description = "Port on 127.0.0.1; 0 picks a free one; default: 7233.")
    int port = 7233;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port must be 0..65535, got " + port);
        }
        TemporalSupport.quietLogs();
        DevServer server;
        try {
            server = DevServer.start(port);
        } catch (UncheckedIOException busy) {
            throw new UserError(ExitCodes.CANNOT_RUN, busy.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("cloacina: Temporal dev server (in memory, one machine, for trying things out) listening on "
                + server.target() + ", namespace 'default'; Ctrl-C to stop");
        err.flush();
        PrintWriter out = spec.commandLine().getOut();
        out.println(server.target());
        out.flush();
        ShutdownCleanup.register(server::close);
        server.awaitTermination();
        return ExitCodes.OK;
    }
}
