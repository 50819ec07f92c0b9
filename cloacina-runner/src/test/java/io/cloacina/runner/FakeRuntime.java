package io.cloacina.runner;

import io.cloacina.spi.SpiVersion;
import io.cloacina.spi.PythonPackage;
import io.cloacina.spi.Availability;
import io.cloacina.spi.Capability;
import io.cloacina.spi.LoadedPackage;
import io.cloacina.spi.PythonRuntime;
import io.cloacina.spi.TaskDiscovery;
import io.cloacina.spi.TaskExecutor;

import java.util.List;
import java.util.Set;

/**
 * A backend whose only package is the given fake, declaring the given parallelism; records loads and unloads.
 * Public for the runner's other test packages (triggers), which give it no fake when they never load through it.
 */
public final class FakeRuntime implements PythonRuntime {

    private final FakePackage fake;
    private final int parallelism;
    private final List<String> events;

    /** A backend that only declares {@code parallelism}: loading through it is not supported. */
    public FakeRuntime(int parallelism) {
        this(null, parallelism, new java.util.ArrayList<>());
    }

    FakeRuntime(FakePackage fake, int parallelism, List<String> events) {
        this.fake = fake;
        this.parallelism = parallelism;
        this.events = events;
    }

    @Override
    public String spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public Availability availability() {
        return Availability.available("test");
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of();
    }

    @Override
    public int parallelism() {
        return parallelism;
    }

    @Override
    public LoadedPackage load(PythonPackage pkg) {
        if (fake == null) {
            throw new UnsupportedOperationException("this fake backend has no package to load");
        }
        events.add("load " + pkg.name());
        return new LoadedPackage() {
            @Override
            public PythonPackage pythonPackage() {
                return pkg;
            }

            @Override
            public TaskDiscovery discovery() {
                return fake.discovery();
            }

            @Override
            public TaskExecutor executor() {
                return fake.executor();
            }

            @Override
            public void close() {
                events.add("unload");
            }
        };
    }

    @Override
    public void close() {
    }
}
