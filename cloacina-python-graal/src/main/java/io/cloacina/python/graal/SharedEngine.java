package io.cloacina.python.graal;

import org.graalvm.polyglot.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one GraalPy {@link Engine} of a runtime, created on first use. Contexts on a shared engine share
 * parsed standard-library code, which is what brings a new context down from 10-15 s to about 2 s.
 */
final class SharedEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SharedEngine.class);

    private final LanguageHomes homes = new LanguageHomes();
    private Engine engine;
    private boolean closed;

    /** The engine's language homes, learnt from its first context: kept read-only for every context. */
    LanguageHomes homes() {
        return homes;
    }

    synchronized Engine get() {
        if (closed) {
            throw new IllegalStateException("The GraalPy runtime is closed");
        }
        if (engine == null) {
            long start = System.nanoTime();
            // Truffle's "interpreter only" warning is left on: an embedder who did not enable the Graal compiler
            // should hear that CPU-bound tasks run several times slower (README, "JIT"). Where interpreted is
            // chosen on purpose (bin/cloacina by default, the tests) the launcher passes
            // -Dpolyglot.engine.WarnInterpreterOnly=false, which the engine reads as a system property.
            engine = Engine.newBuilder("python").build();
            LOG.debug("GraalPy engine ({}) created in {} ms", engine.getImplementationName(),
                    (System.nanoTime() - start) / 1_000_000);
        }
        return engine;
    }

    /** The Graal compiler is in the boot layer: GraalVM itself, or a JDK started with it on the upgrade module path. */
    static boolean optimizingRuntimePresent() {
        return ModuleLayer.boot().findModule("jdk.graal.compiler").isPresent();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (engine != null) {
            engine.close(true);
            engine = null;
        }
    }
}
