package io.cloacina.runtime;

import io.cloacina.spi.PythonRuntime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the backends on the class path (or module path) and chooses one.
 *
 * <p>The rule: an explicit name wins (the argument, else the system property {@value #PROPERTY}, else the
 * environment variable {@value #ENV}); otherwise the available backend with the highest priority, ties
 * broken by name so the choice never depends on class-path order. A provider that fails to load is recorded
 * as unavailable with its error and does not hide the others.
 *
 * @since 0.1
 */
public final class PythonRuntimes {

    public static final String PROPERTY = "cloacina.python.backend";
    public static final String ENV = "CLOACINA_PYTHON_BACKEND";
    static final String ARTIFACTS = "io.cloacina:cloacina-python-subprocess, io.cloacina:cloacina-python-jep "
            + "or io.cloacina:cloacina-python-graal";

    private PythonRuntimes() {
    }

    /** Chooses a backend by the rule above, reading the property and environment of this JVM. */
    public static PythonRuntime select() {
        return select(null);
    }

    /** Chooses the named backend ({@code null} or blank: by the property, environment, then priority). */
    public static PythonRuntime select(String name) {
        return select(name, Thread.currentThread().getContextClassLoader(), System.getProperties(), System.getenv());
    }

    static PythonRuntime select(String name, ClassLoader loader, Properties properties, Map<String, String> env) {
        Providers providers = Providers.load(loader);
        if (providers.isEmpty()) {
            throw new NoRuntimeAvailableException("No Cloacina Python backend is on the class path: add one of "
                    + ARTIFACTS + ".", List.of());
        }
        String wanted = explicitName(name, properties, env).orElse(null);
        // Probing can be costly (a backend may start a Python to answer), so only the backends that can
        // decide the choice are probed: the named one, or the preferred ones until one is available.
        if (wanted != null) {
            PythonRuntime named = providers.runtimes().stream().filter(r -> wanted.equals(nameOf(r))).findFirst()
                    .orElseThrow(() -> {
                        List<RuntimeCandidate> found = providers.probeAll();
                        return new NoRuntimeAvailableException("Python backend '" + wanted
                                + "' was requested but is not on the class path. Found:" + list(found), found);
                    });
            RuntimeCandidate chosen = RuntimeCandidate.probe(named);
            if (!chosen.available()) {
                throw new NoRuntimeAvailableException("Python backend '" + wanted + "' was requested but is "
                        + "unavailable: " + chosen.reason(), providers.probeAll());
            }
            return named;
        }
        List<PythonRuntime> byPreference = providers.runtimes().stream()
                .sorted(Comparator.comparingInt(PythonRuntimes::priorityOf).reversed()
                        .thenComparing(PythonRuntimes::nameOf))
                .toList();
        for (PythonRuntime runtime : byPreference) {
            if (RuntimeCandidate.probe(runtime).available()) {
                return runtime;
            }
        }
        List<RuntimeCandidate> found = providers.probeAll();
        throw new NoRuntimeAvailableException("No Cloacina Python backend is available. Found:" + list(found), found);
    }

    /**
     * Every backend found, sorted by preference (available first, then priority, then name), each with its
     * availability. A provider that failed to load appears under its error.
     */
    public static List<RuntimeCandidate> discover(ClassLoader loader) {
        List<RuntimeCandidate> candidates = new ArrayList<>(Providers.load(loader).probeAll());
        candidates.sort(Comparator.comparing((RuntimeCandidate c) -> !c.available())
                .thenComparing(c -> c.runtime() == null ? Integer.MIN_VALUE : -priorityOf(c.runtime()))
                .thenComparing(RuntimeCandidate::name));
        return List.copyOf(candidates);
    }

    public static List<RuntimeCandidate> discover() {
        return discover(Thread.currentThread().getContextClassLoader());
    }

    private static String nameOf(PythonRuntime runtime) {
        try {
            return runtime.name();
        } catch (RuntimeException e) {
            return runtime.getClass().getName();
        }
    }

    private static int priorityOf(PythonRuntime runtime) {
        try {
            return runtime.priority();
        } catch (RuntimeException e) {
            return Integer.MIN_VALUE;
        }
    }

    /** What ServiceLoader found: instantiated runtimes, and providers that failed to load (kept as candidates). */
    private record Providers(List<PythonRuntime> runtimes, List<RuntimeCandidate> broken) {

        static Providers load(ClassLoader loader) {
            List<PythonRuntime> runtimes = new ArrayList<>();
            List<RuntimeCandidate> broken = new ArrayList<>();
            Iterator<PythonRuntime> providers = ServiceLoader.load(PythonRuntime.class, loader).iterator();
            while (true) {
                try {
                    if (!providers.hasNext()) {
                        break;
                    }
                    runtimes.add(providers.next());
                } catch (ServiceConfigurationError error) {
                    broken.add(RuntimeCandidate.broken(error));
                }
            }
            return new Providers(List.copyOf(runtimes), List.copyOf(broken));
        }

        boolean isEmpty() {
            return runtimes.isEmpty() && broken.isEmpty();
        }

        List<RuntimeCandidate> probeAll() {
            List<RuntimeCandidate> all = new ArrayList<>();
            runtimes.forEach(runtime -> all.add(RuntimeCandidate.probe(runtime)));
            all.addAll(broken);
            return all;
        }
    }

    static Optional<String> explicitName(String name, Properties properties, Map<String, String> env) {
        for (String value : new String[]{name, properties.getProperty(PROPERTY), env.get(ENV)}) {
            if (value != null && !value.isBlank()) {
                return Optional.of(value.trim().toLowerCase(Locale.ROOT));
            }
        }
        return Optional.empty();
    }

    private static String list(List<RuntimeCandidate> found) {
        StringBuilder text = new StringBuilder();
        for (RuntimeCandidate candidate : found) {
            text.append(System.lineSeparator()).append("  - ").append(candidate.name()).append(": ")
                    .append(candidate.available() ? "available" : "unavailable: " + candidate.reason());
        }
        return text.toString();
    }

}
