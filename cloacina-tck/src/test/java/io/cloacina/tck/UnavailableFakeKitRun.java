package io.cloacina.tck;

import io.cloacina.spi.Availability;
import io.cloacina.spi.Capability;
import io.cloacina.spi.PythonRuntime;

import java.util.EnumSet;

/** The kit against a backend that is not available here: one clear failure, everything else skipped with the reason. */
class UnavailableFakeKitRun extends PythonRuntimeCompatibilityKit {

    static final String REASON = "no python3 on PATH (install Python 3.10+)";

    @Override
    protected PythonRuntime createRuntime() {
        return new BrokenFakeRuntime(Availability.unavailable(REASON), EnumSet.allOf(Capability.class));
    }
}
