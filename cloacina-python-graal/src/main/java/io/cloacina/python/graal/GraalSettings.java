package io.cloacina.python.graal;

import io.cloacina.bridge.support.BackendConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * How the GraalPy backend runs.
 *
 * @param sandbox            what Python code may reach ({@link SandboxPolicy#SANDBOXED} by default)
 * @param contextsPerPackage how many GraalPy contexts one loaded package uses, hence how many of its tasks run
 *                           at once: the first is made by the load, the others right after it in the background,
 *                           and all are reused for every task of the package
 * @param loadTimeout        how long importing a package's entry module may take
 * @param interruptGrace     how long a task has to stop after its interrupt before its context is closed
 */
public record GraalSettings(SandboxPolicy sandbox, int contextsPerPackage, Duration loadTimeout,
                            Duration interruptGrace) {

    /** System property: contexts per package (default: the number of processors, at most 4). */
    public static final String CONTEXTS_PROPERTY = "cloacina.graal.contexts";

    public GraalSettings {
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(loadTimeout, "loadTimeout");
        Objects.requireNonNull(interruptGrace, "interruptGrace");
        if (contextsPerPackage < 1) {
            throw new IllegalArgumentException("contextsPerPackage must be at least 1, got " + contextsPerPackage);
        }
    }

    public static GraalSettings defaults() {
        // Each context costs seconds to start and tens of megabytes: more than the cores buys nothing.
        int contexts = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        return new GraalSettings(SandboxPolicy.SANDBOXED, contexts, Duration.ofMinutes(5), Duration.ofSeconds(5));
    }

    /**
     * The defaults, overridden by {@value SandboxPolicy#PROPERTY}, {@value SandboxPolicy#WRITABLE_PROPERTY} and
     * {@value #CONTEXTS_PROPERTY}.
     */
    public static GraalSettings fromSystemProperties(Properties properties) {
        return from(properties, Map.of());
    }

    /**
     * The defaults, overridden by the settings {@code cloacina.graal.allow}, {@code cloacina.graal.writable} and
     * {@code cloacina.graal.contexts}, each a system property or its environment variable ({@link BackendConfig}).
     *
     * @throws BackendConfig.InvalidSettingException a value that does not parse, naming the setting
     */
    public static GraalSettings from(Properties properties, Map<String, String> environment) {
        GraalSettings settings = defaults();
        BackendConfig config = BackendConfig.of("graal", properties, environment);
        SandboxPolicy sandbox;
        try {
            sandbox = SandboxPolicy.parse(config.string("allow").orElse(null));
        } catch (IllegalArgumentException e) {
            BackendConfig.Setting allow = config.raw("allow").orElseThrow();
            throw new BackendConfig.InvalidSettingException(allow.key(), allow.source() + "='" + allow.value() + "': "
                    + e.getMessage());
        }
        sandbox = sandbox.withWritableFolders(config.paths("writable"));
        int contexts = config.positiveInt("contexts", settings.contextsPerPackage());
        return new GraalSettings(sandbox, contexts, settings.loadTimeout(), settings.interruptGrace());
    }

    public GraalSettings withSandbox(SandboxPolicy policy) {
        return new GraalSettings(policy, contextsPerPackage, loadTimeout, interruptGrace);
    }

    public GraalSettings withContextsPerPackage(int contexts) {
        return new GraalSettings(sandbox, contexts, loadTimeout, interruptGrace);
    }
}
