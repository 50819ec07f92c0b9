package io.cloacina.python.jep;

import io.cloacina.spi.Availability;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The rule for every Jep test: if the backend is unavailable the test FAILS (CI installs Jep, so an
 * unavailable backend there is a broken build), unless {@value #ALLOW_SKIP} is set to true explicitly.
 */
final class JepBackend {

    static final String ALLOW_SKIP = "cloacina.jep.allowSkip";

    private JepBackend() {
    }

    static JepRuntime availableRuntime() {
        JepRuntime runtime = new JepRuntime();
        Availability availability = runtime.availability();
        if (!availability.available()) {
            if (Boolean.getBoolean(ALLOW_SKIP)) {
                assumeTrue(false, "Jep unavailable and " + ALLOW_SKIP + "=true: " + availability.reason());
            }
            fail("The jep backend is unavailable (run bin/lib/ensure-jep.sh; set -D" + ALLOW_SKIP
                    + "=true to skip instead): " + availability.reason());
        }
        return runtime;
    }
}
