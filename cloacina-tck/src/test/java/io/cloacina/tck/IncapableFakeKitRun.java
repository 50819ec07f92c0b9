package io.cloacina.tck;

import io.cloacina.spi.Availability;
import io.cloacina.spi.Capability;
import io.cloacina.spi.PythonRuntime;

import java.util.EnumSet;
import java.util.Set;

/** The kit against {@link BrokenFakeRuntime} declaring no capability: optional tests must be skipped, saying so;
 * its leaked thread is declared, so closing must pass. */
class IncapableFakeKitRun extends PythonRuntimeCompatibilityKit {

    @Override
    protected PythonRuntime createRuntime() {
        return new BrokenFakeRuntime(Availability.available("no Python at all"), EnumSet.noneOf(Capability.class));
    }

    /** Forgiven here (and only here) so the self-test can check that the exemption works. */
    @Override
    protected Set<String> threadsAllowedToOutliveClose() {
        return Set.of(BrokenFakeRuntime.LEAKED_THREAD);
    }

    @Override
    protected double timeoutScale() {
        return 0.02;
    }
}
