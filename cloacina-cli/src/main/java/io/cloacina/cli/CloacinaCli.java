package io.cloacina.cli;

import io.cloacina.context.ContextException;
import io.cloacina.error.PackageException;
import io.cloacina.error.TaskError;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * {@code cloacina}: runs Python workflow packages from the shell.
 *
 * <p>stdout carries only a command's result (the final context of {@code run}, the archive's path of
 * {@code package}); progress, task output and errors go to stderr. Errors are messages, never Java stack
 * traces ({@code CLOACINA_DEBUG=1} adds them).
 */
@Command(name = "cloacina", mixinStandardHelpOptions = true, versionProvider = CloacinaCli.Version.class,
        description = "Runs Cloacina workflow packages (Python tasks declared with cloaca's @task) on the JVM, and "
                + "packs them into .cloacina archives.",
        subcommands = {RunCommand.class, ServeCommand.class, TasksCommand.class, PackageCommand.class,
                BackendsCommand.class, WorkerCommand.class, TemporalDevCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:a task failed", "2:bad usage, or a package that cannot be used",
                "3:no usable Python backend, or an internal error",
                "130:interrupted (Ctrl-C); serve ends with 0 when stopped"},
        footerHeading = "%nEnvironment:%n",
        footer = {"  CLOACINA_PYTHON_BACKEND  backend to use when --backend is not given",
                "  CLOACINA_PYTHON          interpreter of the subprocess backend",
                "  CLOACINA_PROGRESS        plain: no live progress line; live: always one",
                "  CLOACINA_DEBUG           set: print Java stack traces of internal errors"})
public final class CloacinaCli implements Runnable {

    /** The terminal's status line, when stderr is a terminal and this is the real process (not a test). */
    private static volatile LiveLine liveLine;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a subcommand: usage, as a usage error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: run, serve, tasks, package, backends, worker or temporal-dev");
    }

    /**
     * Set by bin/cloacina to {@code /dev/fd/3}: the real stdout, which the launcher moved to descriptor 3 and
     * replaced with stderr, so that whatever an embedded interpreter writes to descriptor 1 itself (Jep's
     * {@code print}) cannot end up in the JSON result.
     */
    static final String RESULT_STREAM = "cloacina.resultStream";

    public static void main(String[] args) {
        TaskOutputLevel.applyEarly(args); // before anything makes a logger: slf4j-simple reads its levels once
        BackendChoice.startEarly(args);
        PrintStream stdout = resultStream();
        if (Terminal.isInteractive()) {
            // Everything else written to stderr (task output via SLF4J) must not land on the status line.
            liveLine = new LiveLine(System.err);
            System.setErr(new PrintStream(liveLine.foreignOutput(), true, StandardCharsets.UTF_8));
        }
        // Anything that prints to System.out by accident (a library, a backend) must not corrupt the JSON result.
        System.setOut(System.err);
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        ShutdownCleanup.install();
        int code = execute(args, out, err);
        BackendChoice.abandonEarly();
        out.flush();
        err.flush();
        System.exit(code);
    }

    private static PrintStream resultStream() {
        String path = System.getProperty(RESULT_STREAM);
        if (path == null || path.isBlank()) {
            return System.out;
        }
        try {
            // Append: reopening a file the shell opened with `>>` must not write over what it holds.
            return new PrintStream(new java.io.FileOutputStream(path, true), true, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return System.out;
        }
    }

    /** Runs one command line with the given streams and returns its exit code; used by main and by tests. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return commandLine(out, err).execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new CloacinaCli());
        commandLine.setOut(out);
        commandLine.setErr(err);
        // "--context @file" is ours to read: picocli must not expand @file arguments itself.
        commandLine.setExpandAtFiles(false);
        commandLine.setExecutionExceptionHandler(CloacinaCli::handleFailure);
        commandLine.setParameterExceptionHandler(CloacinaCli::handleUsageError);
        return commandLine;
    }

    /** Progress output for a command writing to {@code err}: the live line only for the real process. */
    static ProgressOutput progressOutput(PrintWriter err) {
        LiveLine live = liveLine;
        return live != null ? live : ProgressOutput.plain(err);
    }

    private static int handleUsageError(CommandLine.ParameterException problem, String[] args) {
        CommandLine command = problem.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("cloacina: " + problem.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(problem, err)) {
            err.println("Usage: " + command.getCommandSpec().qualifiedName() + " --help");
        }
        err.flush();
        return ExitCodes.BAD_INPUT;
    }

    private static int handleFailure(Exception failure, CommandLine command, CommandLine.ParseResult parsed) {
        PrintWriter err = command.getErr();
        int code;
        String message;
        switch (failure) {
            case UserError user -> {
                code = user.exitCode();
                message = user.getMessage();
            }
            case PackageException bad -> {
                code = ExitCodes.BAD_INPUT;
                message = "bad package: " + bad.getMessage();
            }
            case TaskError.ValidationFailed invalid -> {
                code = ExitCodes.BAD_INPUT;
                message = "invalid workflow: " + invalid.getMessage();
            }
            case TaskError taskError -> {
                code = ExitCodes.BAD_INPUT;
                message = taskError.describe();
            }
            case ContextException context -> {
                code = ExitCodes.BAD_INPUT;
                message = context.getMessage();
            }
            default -> {
                code = ExitCodes.CANNOT_RUN;
                message = "internal error: " + failure + " (set CLOACINA_DEBUG=1 for the stack trace)";
            }
        }
        err.println("cloacina: " + message);
        if (System.getenv("CLOACINA_DEBUG") != null) {
            failure.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /** The version from the jar's manifest (absent when run from classes). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = CloacinaCli.class.getPackage().getImplementationVersion();
            return new String[]{"cloacina " + (version == null ? "(development build)" : version)};
        }
    }
}
