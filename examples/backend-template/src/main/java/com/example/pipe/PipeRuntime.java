package com.example.pipe;

import io.cloacina.bridge.support.AvailabilityProbe;
import io.cloacina.bridge.support.BackendConfig;
import io.cloacina.spi.Availability;
import io.cloacina.spi.Capability;
import io.cloacina.spi.LoadedPackage;
import io.cloacina.spi.PythonPackage;
import io.cloacina.spi.PythonRuntime;
import io.cloacina.spi.SpiVersion;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * An example backend: one {@code python3} per loaded package, fed one task at a time through a pipe, killed
 * and started again when a task overruns, is cancelled or dies. Setting: {@code cloacina.pipe.python}
 * (the interpreter, default {@code python3}).
 */
public final class PipeRuntime implements PythonRuntime {

    /** The backend's name: what users select it by, and the backend in the MDC of what its tasks log. */
    static final String NAME = "pipe";

    private final String python = BackendConfig.of(NAME).string("python", "python3");
    private final AvailabilityProbe availability = new AvailabilityProbe(NAME, this::probe);
    private final Set<PipePackage> loaded = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    @Override
    public String spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Availability availability() {
        return availability.get();
    }

    @Override
    public int priority() {
        return 1;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.CRASH_ISOLATION, Capability.INTERRUPT_RUNNING_TASK,
                Capability.INTERRUPT_NATIVE_CODE, Capability.NATIVE_EXTENSIONS);
    }

    @Override
    public int parallelism() {
        return 1;
    }

    @Override
    public LoadedPackage load(PythonPackage pkg) {
        if (closed) {
            throw new IllegalStateException("The pipe runtime is closed");
        }
        availability.requireAvailable();
        PipePackage result = PipePackage.load(pkg, python, loaded::remove);
        loaded.add(result);
        return result;
    }

    @Override
    public void close() {
        closed = true;
        List.copyOf(loaded).forEach(PipePackage::close);
    }

    private Availability probe() {
        try {
            Process process = new ProcessBuilder(python, "-c", "import sys; print(sys.version.split()[0])").start();
            String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0
                    ? Availability.available(python + " " + version)
                    : Availability.unavailable(python + " did not run (set cloacina.pipe.python)");
        } catch (IOException e) {
            return Availability.unavailable("cannot run " + python + ": " + e.getMessage() + " (set cloacina.pipe.python)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Availability.unavailable("interrupted while probing " + python);
        }
    }
}
