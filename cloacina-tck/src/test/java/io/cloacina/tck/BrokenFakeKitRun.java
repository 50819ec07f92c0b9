package io.cloacina.tck;

import io.cloacina.spi.Availability;
import io.cloacina.spi.Capability;
import io.cloacina.spi.PythonRuntime;

import java.util.EnumSet;

/**
 * The kit against {@link BrokenFakeRuntime} claiming every capability. Not a test of its own (surefire does not
 * pick up this name): {@link CompatibilityKitSelfTest} runs it through the JUnit engine and checks it fails.
 */
class BrokenFakeKitRun extends PythonRuntimeCompatibilityKit {

    @Override
    protected PythonRuntime createRuntime() {
        return new BrokenFakeRuntime(Availability.available("no Python at all"), EnumSet.allOf(Capability.class));
    }

    @Override
    protected double timeoutScale() {
        // The fake answers at once or never; short waits keep the self-test quick.
        return 0.02;
    }
}
