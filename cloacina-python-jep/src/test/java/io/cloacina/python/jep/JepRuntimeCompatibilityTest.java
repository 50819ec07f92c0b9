package io.cloacina.python.jep;

import io.cloacina.spi.PythonRuntime;
import io.cloacina.tck.PythonRuntimeCompatibilityKit;
import org.junit.jupiter.api.condition.DisabledIf;

import java.util.Set;

/**
 * The whole TCK on Jep. Not skipped when Jep is missing: the kit's first test fails with the reason (CI
 * installs Jep through bin/lib/ensure-jep.sh), unless {@code -Dcloacina.jep.allowSkip=true} says otherwise.
 */
@DisabledIf(value = "skipAllowedAndJepUnavailable", disabledReason = "Jep is unavailable and -Dcloacina.jep.allowSkip=true")
class JepRuntimeCompatibilityTest extends PythonRuntimeCompatibilityKit {

    @Override
    protected PythonRuntime createRuntime() {
        return new JepRuntime();
    }

    /**
     * Jep's main interpreter thread is process-wide: started with the first interpreter, it lives as long as
     * CPython does, which is as long as the JVM (CPython cannot be restarted in one process).
     */
    @Override
    protected Set<String> threadsAllowedToOutliveClose() {
        return Set.of("JepMainInterpreter");
    }

    static boolean skipAllowedAndJepUnavailable() {
        return Boolean.getBoolean(JepBackend.ALLOW_SKIP) && !new JepRuntime().availability().available();
    }
}
