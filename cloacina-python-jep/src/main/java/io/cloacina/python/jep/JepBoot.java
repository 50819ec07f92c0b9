package io.cloacina.python.jep;

import io.cloacina.bridge.CloacaModule;
import jep.Interpreter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * What a fresh sub-interpreter is given before a package goes in: {@code cloaca} on {@code sys.path}, the
 * runner module ({@code jep_runner.py}: interruption, see {@link InterruptSlot}) and short global names for the calls Java makes.
 */
final class JepBoot {

    static final String EXECUTE = "_cloacina_execute";
    static final String LOAD = "_cloacina_load";
    static final String STOP_INTERRUPTER = "_cloacina_stop";
    static final String OTHER_THREADS = "_cloacina_other_threads";
    static final String UNLOAD = "_cloacina_host.unload()";

    private static final String RUNNER = "/io/cloacina/python/jep/jep_runner.py";
    private static final String RUNNER_SOURCE = readRunner();

    // Globals set from Java just before: _cloacina_cloaca_path, _cloacina_site, _cloacina_runner_source,
    // _cloacina_slot (path of the interrupt slot file), _cloacina_log_sink (a JepLogSink).
    private static final String BOOT = String.join("\n",
            "import sys, types",
            // CPython 3.11's asyncio accelerator (_asyncio, single-phase init) keeps state in C globals shared by
            // every sub-interpreter: a cache of the running loop keyed by thread-state numbers that each
            // interpreter counts from 1, the set of all tasks, exception classes. Async tasks of two packages then
            // saw each other's loops ("Cannot run the event loop while another loop is running") or a closed
            // interpreter's objects (NameError: 'len'). Without it asyncio uses its pure-Python twins, which live
            // in each interpreter (JepAsyncAcrossInterpretersTest). 3.12 keeps that state per interpreter.
            "if sys.version_info < (3, 12) and '_asyncio' not in sys.modules:",
            "    sys.modules['_asyncio'] = None",
            "if _cloacina_cloaca_path not in sys.path:",
            "    sys.path.insert(0, _cloacina_cloaca_path)",
            "if _cloacina_site and _cloacina_site not in sys.path:",
            "    sys.path.append(_cloacina_site)",
            "_cloacina_runner = types.ModuleType('cloacina_jep_runner')",
            "_cloacina_runner.__file__ = 'cloacina_jep_runner.py'",
            "exec(compile(_cloacina_runner_source, 'cloacina_jep_runner.py', 'exec'), _cloacina_runner.__dict__)",
            "sys.modules['cloacina_jep_runner'] = _cloacina_runner",
            "_cloacina_runner.start(_cloacina_slot)",
            "from cloaca import _host as _cloacina_host",
            "_cloacina_load = _cloacina_runner.load",
            "_cloacina_execute = _cloacina_runner.execute",
            "_cloacina_stop = _cloacina_runner.stop",
            "_cloacina_other_threads = _cloacina_runner.other_threads",
            // Records are logged as they are written, on this thread (JepLogSink), not returned with the reply.
            "_cloacina_host._logs.stream_json_to(_cloacina_log_sink.accept)",
            "del _cloacina_runner_source, _cloacina_slot");

    private JepBoot() {
    }

    /** On the interpreter's thread, in a fresh interpreter. */
    static void boot(Interpreter interpreter, InterruptSlot slot, Path sitePackages, JepLogSink logSink) {
        interpreter.set("_cloacina_log_sink", logSink);
        interpreter.set("_cloacina_cloaca_path", CloacaModule.pythonPathEntry().toString());
        interpreter.set("_cloacina_site", sitePackages == null ? "" : sitePackages.toString());
        interpreter.set("_cloacina_runner_source", RUNNER_SOURCE);
        interpreter.set("_cloacina_slot", slot.path().toString());
        interpreter.exec(BOOT);
        // Both sides have mapped the slot: the file is no longer needed, and a file that is gone cannot leak.
        slot.close();
    }

    private static String readRunner() {
        try (InputStream in = JepBoot.class.getResourceAsStream(RUNNER)) {
            if (in == null) {
                throw new IllegalStateException("cloacina-python-jep jar is missing " + RUNNER);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
