package io.cloacina.python.graal;

import io.cloacina.bridge.BridgeReplies;
import io.cloacina.bridge.LoadOptions;
import io.cloacina.bridge.PythonLogs;
import io.cloacina.spi.PythonPackage;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import org.graalvm.polyglot.proxy.ProxyExecutable;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * One GraalPy context holding one package, driven through the {@code cloaca._host} bridge. A context may be
 * entered by one thread at a time: the {@link InterpreterPool} hands each one to a single task at a time.
 */
final class PackageInterpreter implements AutoCloseable {

    private static final Source PRELUDE = resource("sandbox_prelude.py");
    private static final Source IMPORT_BRIDGE = Source.create("python", "import cloaca._host\ncloaca._host");
    /** Where this GraalPy keeps its own files, one folder per line (see {@link LanguageHomes}). */
    private static final Source HOME_FOLDERS = Source.create("python", String.join("\n",
            "import os, sys",
            "'\\n'.join([sys.base_prefix, sys.prefix, os.path.dirname(os.__file__)]",
            "          + [str(getattr(__graalpython__, name, '') or '')",
            "             for name in ('home', 'core_home', 'stdlib_home', 'capi_home', 'jni_home')])"));

    private final Context context;
    private final Value host;
    /** {@code cloaca._host.execute_json}, looked up once: each task is one {@code Value.execute}, nothing parsed. */
    private final Value executeJson;
    private volatile boolean broken;
    /** The MDC of what runs now (set before each load and execution: one thread at a time enters the context). */
    private volatile Map<String, String> logScope = Map.of();

    private PackageInterpreter(Context context, Value host) {
        this.context = context;
        this.host = host;
        this.executeJson = host.getMember("execute_json");
        // What the package writes is logged as it is written, on the task's own thread: a task that ends its
        // context (os._exit) or is interrupted has already handed over every record it made.
        ProxyExecutable sink = arguments -> {
            PythonLogs.record(BridgeReplies.parse(arguments[0].asString()), logScope);
            return null;
        };
        host.getMember("_logs").getMember("stream_json_to").execute(sink);
    }

    /**
     * Creates the context with the policy's permissions and {@code cloaca} importable; imports nothing else.
     * Whatever the policy, a context never reads the host's standard input (a task blocked in {@code input()}
     * would hold the context open for ever: an empty stream makes it an {@code EOFError}), never writes into a
     * language home, and never changes the JVM's signal handlers (the prelude virtualises them).
     */
    static PackageInterpreter start(Engine engine, LanguageHomes homes, SandboxPolicy policy, PythonPackage pkg,
                                    Path cloacaEntry) {
        Context.Builder builder = Context.newBuilder("python")
                .engine(engine)
                .in(InputStream.nullInputStream())
                .option("python.PythonPath", cloacaEntry.toString())
                .option("python.DontWriteBytecodeFlag", "true")
                .allowCreateThread(true)
                .allowNativeAccess(false);
        if (policy.hostAccess()) {
            builder.allowHostAccess(HostAccess.ALL).allowHostClassLookup(name -> true)
                    .allowPolyglotAccess(PolyglotAccess.ALL);
        } else {
            builder.allowHostAccess(HostAccess.NONE).allowHostClassLookup(name -> false)
                    .allowPolyglotAccess(PolyglotAccess.NONE);
        }
        builder.allowCreateProcess(policy.processes())
                .allowEnvironmentAccess(policy.processes() ? EnvironmentAccess.INHERIT : EnvironmentAccess.NONE);
        IOAccess.Builder io = IOAccess.newBuilder().allowHostSocketAccess(policy.network());
        if (policy.hostFiles()) {
            io.fileSystem(PackageFileSystem.hostFiles(homes));
        } else {
            List<Path> readable = new ArrayList<>();
            readable.add(pkg.root());
            readable.add(pkg.sourceDir());
            pkg.vendor().ifPresent(readable::add);
            readable.add(cloacaEntry);
            io.fileSystem(PackageFileSystem.sandboxed(readable, policy.writableFolders(), homes));
            // The JVM's working directory is outside what the sandbox may read, and GraalPy reports a denied
            // os.getcwd() (used by os.path.abspath of a relative path) as a host SecurityException rather than
            // an OSError: the package's own folder, always readable, is the working directory instead.
            builder.currentWorkingDirectory(pkg.root().toAbsolutePath());
        }
        builder.allowIO(io.build());

        Context context = builder.build();
        try {
            if (!homes.isKnown()) {
                homes.record(List.of(context.eval(HOME_FOLDERS).asString().split("\n")));
            }
            context.eval(PRELUDE).execute(!policy.processes(), !policy.network());
            return new PackageInterpreter(context, context.eval(IMPORT_BRIDGE));
        } catch (RuntimeException | Error e) {
            context.close(true);
            throw e;
        }
    }

    /** {@code cloaca._host.load_json}: the reply JSON (tasks, or the import failure). */
    String load(PythonPackage pkg, Map<String, String> logScope) {
        this.logScope = logScope;
        String vendor = pkg.vendor().map(Path::toString).orElse(null);
        return host.getMember("load_json").execute(pkg.sourceDir().toString(), vendor, pkg.entryModule(),
                LoadOptions.json(pkg)).asString();
    }

    /** {@code cloaca._host.execute_json}: the reply JSON (output context, or the task's failure). */
    String execute(String taskId, String contextJson, Map<String, String> logScope) {
        this.logScope = logScope;
        return executeJson.execute(taskId, contextJson).asString();
    }

    /**
     * Stops whatever runs in this context ({@link PolyglotException#isInterrupted()} for the running thread);
     * the context stays usable. Past {@code grace} it is closed instead and marked broken.
     */
    void interrupt(Duration grace) {
        try {
            context.interrupt(grace);
        } catch (TimeoutException | RuntimeException stuck) {
            cancel();
        }
    }

    /** Closes the context even while a task runs in it (that task fails with a cancelled PolyglotException). */
    void cancel() {
        broken = true;
        try {
            context.close(true);
        } catch (RuntimeException alreadyGone) {
            // Closing a context that is already closed or cancelled has nothing left to do.
        }
    }

    void markBroken() {
        broken = true;
    }

    boolean isBroken() {
        return broken;
    }

    @Override
    public void close() {
        cancel();
    }

    private static Source resource(String name) {
        try (InputStream in = PackageInterpreter.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("cloacina-python-graal jar is missing " + name);
            }
            return Source.newBuilder("python", new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    "cloacina_graal_" + name).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
