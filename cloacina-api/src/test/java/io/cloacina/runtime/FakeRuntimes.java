package io.cloacina.runtime;

import io.cloacina.spi.SpiVersion;
import io.cloacina.spi.PythonPackage;
import io.cloacina.spi.Availability;
import io.cloacina.spi.Capability;
import io.cloacina.spi.LoadedPackage;
import io.cloacina.spi.PythonRuntime;

import java.util.Set;

/** Pure-Java providers with fixed names, priorities and availability, for selection tests only. */
final class FakeRuntimes {

    private FakeRuntimes() {
    }

    abstract static class Fake implements PythonRuntime {
        private final String name;
        private final int priority;
        private final Availability availability;

        Fake(String name, int priority, Availability availability) {
            this.name = name;
            this.priority = priority;
            this.availability = availability;
        }

        @Override
        public String spiVersion() {
            return SpiVersion.CURRENT;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Availability availability() {
            return availability;
        }

        @Override
        public int priority() {
            return priority;
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of();
        }

        @Override
        public int parallelism() {
            return 1;
        }

        @Override
        public LoadedPackage load(PythonPackage pkg) {
            throw new UnsupportedOperationException("selection fake");
        }

        @Override
        public void close() {
        }
    }

    public static final class Alpha extends Fake {
        public Alpha() {
            super("alpha", 10, Availability.available("always"));
        }
    }

    public static final class Beta extends Fake {
        public Beta() {
            super("beta", 50, Availability.available("always"));
        }
    }

    /** Same priority as Beta: the tie must be broken by name, whatever the class-path order. */
    public static final class Aardvark extends Fake {
        public Aardvark() {
            super("aardvark", 50, Availability.available("always"));
        }
    }

    public static final class Gamma extends Fake {
        public Gamma() {
            super("gamma", 1000, Availability.unavailable("gamma needs a flux capacitor"));
        }
    }

    public static final class Exploding extends Fake {
        public Exploding() {
            super("exploding", 1, Availability.available("never reached"));
            throw new IllegalStateException("constructor blew up");
        }
    }

    /** Built for a later SPI major: highest priority, yet never chosen. */
    public static final class FromTheFuture extends Fake {
        public FromTheFuture() {
            super("future", 5000, Availability.available("would run"));
        }

        @Override
        public String spiVersion() {
            return (SpiVersion.HOST.major() + 1) + ".0";
        }
    }

    /** Built for a later minor of this SPI: may call methods this API lacks. */
    public static final class NewerMinor extends Fake {
        public NewerMinor() {
            super("newer", 5000, Availability.available("would run"));
        }

        @Override
        public String spiVersion() {
            return SpiVersion.HOST.major() + "." + (SpiVersion.HOST.minor() + 1);
        }
    }

    /** Low priority; counts how often its (possibly costly) availability probe runs. */
    public static final class Counting extends Fake {
        static final java.util.concurrent.atomic.AtomicInteger probes = new java.util.concurrent.atomic.AtomicInteger();

        public Counting() {
            super("counting", 1, Availability.available("always"));
        }

        @Override
        public Availability availability() {
            probes.incrementAndGet();
            return super.availability();
        }
    }
}
