package io.cloacina.tck;

import io.cloacina.spi.Availability;
import io.cloacina.spi.Capability;
import io.cloacina.spi.PythonRuntime;

import java.util.EnumSet;

/** The kit against {@link BrokenFakeRuntime} declaring no capability: optional tests must be skipped, saying so. */
class IncapableFakeKitRun extends PythonRuntimeCompatibilityKit {

    @Override
    protected PythonRuntime createRuntime() {
        return new BrokenFakeRuntime(Availability.available("no Python at all"), EnumSet.noneOf(Capability.class));
    }

    @Override
    protected double timeoutScale() {
        return 0.02;
    }
}
