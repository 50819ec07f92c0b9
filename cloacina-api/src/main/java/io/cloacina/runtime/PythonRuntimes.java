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
 */
public final class PythonRuntimes {

    public static final String PROPERTY = "cloacina.python.backend";
    public static final String ENV = "CLOACINA_PYTHON_BACKEND";
    static final String ARTIFACTS = "io.cloacina:cloacina-python-subprocess, io.cloacina:cloacina-python-jep "
            + "or io.cloacina:cloacina-python-graal";

    private static final Comparator<RuntimeCandidate> PREFERENCE = Comparator
            .comparingInt((RuntimeCandidate c) -> c.runtime().priority()).reversed()
            .thenComparing(RuntimeCandidate::name);

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
        List<RuntimeCandidate> found = discover(loader);
        String wanted = explicitName(name, properties, env).orElse(null);
        if (found.isEmpty()) {
            throw new NoRuntimeAvailableException("No Cloacina Python backend is on the class path: add one of "
                    + ARTIFACTS + ".", found);
        }
        if (wanted != null) {
            RuntimeCandidate chosen = found.stream().filter(c -> c.name().equals(wanted)).findFirst()
                    .orElseThrow(() -> new NoRuntimeAvailableException("Python backend '" + wanted
                            + "' was requested but is not on the class path. Found:" + list(found), found));
            if (!chosen.available()) {
                throw new NoRuntimeAvailableException("Python backend '" + wanted + "' was requested but is "
                        + "unavailable: " + chosen.reason(), found);
            }
            return chosen.runtime();
        }
        return found.stream().filter(RuntimeCandidate::available).min(PREFERENCE).map(RuntimeCandidate::runtime)
                .orElseThrow(() -> new NoRuntimeAvailableException(
                        "No Cloacina Python backend is available. Found:" + list(found), found));
    }

    /**
     * Every backend found, sorted by preference (available first, then priority, then name), each with its
     * availability. A provider that failed to load appears under its error.
     */
    public static List<RuntimeCandidate> discover(ClassLoader loader) {
        List<RuntimeCandidate> candidates = new ArrayList<>();
        Iterator<PythonRuntime> providers = ServiceLoader.load(PythonRuntime.class, loader).iterator();
        while (true) {
            try {
                if (!providers.hasNext()) {
                    break;
                }
                PythonRuntime runtime = providers.next();
                candidates.add(RuntimeCandidate.probe(runtime));
            } catch (ServiceConfigurationError broken) {
                candidates.add(RuntimeCandidate.broken(broken));
            }
        }
        candidates.sort(Comparator.comparing((RuntimeCandidate c) -> !c.available())
                .thenComparing(c -> c.runtime() == null ? Integer.MIN_VALUE : -c.runtime().priority())
                .thenComparing(RuntimeCandidate::name));
        return List.copyOf(candidates);
    }

    public static List<RuntimeCandidate> discover() {
        return discover(Thread.currentThread().getContextClassLoader());
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
