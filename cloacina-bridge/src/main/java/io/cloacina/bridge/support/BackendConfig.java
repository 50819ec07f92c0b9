package io.cloacina.bridge.support;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way every backend reads its settings. A setting has a key {@code cloacina.<area>.<name>} (lower
 * case, words joined by '-', e.g. {@code cloacina.jep.load-timeout}); it is read from the system property of
 * that name, else from the environment variable derived from it ({@code CLOACINA_JEP_LOAD_TIMEOUT}: upper
 * case, '.' and '-' as '_'), else its default applies. A value that does not parse is an
 * {@link InvalidSettingException} naming the key, where it came from and the value.
 *
 * <p>Read settings when a backend is built, never in a static initializer: a bad value then fails that
 * backend's construction or probe with its message, not a class with an {@code ExceptionInInitializerError}.
 *
 * @since 0.1
 */
public final class BackendConfig {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(us|ms|s|m|h)?");

    private final String area;
    private final Function<String, String> properties;
    private final Function<String, String> environment;

    private BackendConfig(String area, Function<String, String> properties, Function<String, String> environment) {
        if (!NAME.matcher(area).matches()) {
            throw new IllegalArgumentException("setting area '" + area + "' must be lower case words joined by '-'");
        }
        this.area = area;
        this.properties = properties;
        this.environment = environment;
    }

    /** The settings of {@code area} ({@code "subprocess"}, {@code "jep"}, ...) from this JVM's properties and environment. */
    public static BackendConfig of(String area) {
        return new BackendConfig(area, System::getProperty, System::getenv);
    }

    /** The same over explicit sources: for tests, and for embedders that keep settings elsewhere. */
    public static BackendConfig of(String area, Properties properties, Map<String, String> environment) {
        Objects.requireNonNull(properties, "properties");
        Objects.requireNonNull(environment, "environment");
        return new BackendConfig(area, properties::getProperty, environment::get);
    }

    /**
     * The Python interpreter to run ({@code cloacina.python.executable}, also the short environment variable
     * {@code CLOACINA_PYTHON}), or {@code python3}: shared by every backend that runs CPython.
     */
    public static String pythonExecutable(Properties properties, Map<String, String> environment) {
        return of("python", properties, environment).string("executable")
                .or(() -> Optional.ofNullable(environment.get("CLOACINA_PYTHON")).filter(v -> !v.isBlank()).map(String::trim))
                .orElse("python3");
    }

    /** The full key of a setting of this area: {@code cloacina.<area>.<name>}. */
    public String key(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("setting name '" + name + "' must be lower case words joined by '-'");
        }
        return "cloacina." + area + "." + name;
    }

    /** The environment variable that stands for {@code key}. */
    public static String environmentVariable(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The raw value (trimmed, blank counts as absent) and where it came from. */
    public Optional<Setting> raw(String name) {
        String key = key(name);
        String value = properties.apply(key);
        if (value != null && !value.isBlank()) {
            return Optional.of(new Setting(key, "system property " + key, value.trim()));
        }
        String variable = environmentVariable(key);
        value = environment.apply(variable);
        if (value != null && !value.isBlank()) {
            return Optional.of(new Setting(key, "environment variable " + variable, value.trim()));
        }
        return Optional.empty();
    }

    public Optional<String> string(String name) {
        return raw(name).map(Setting::value);
    }

    public String string(String name, String defaultValue) {
        return string(name).orElse(defaultValue);
    }

    /** A whole number of at least 1. */
    public int positiveInt(String name, int defaultValue) {
        return raw(name).map(setting -> {
            try {
                int value = Integer.parseInt(setting.value());
                if (value >= 1) {
                    return value;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw setting.invalid("a whole number of at least 1");
        }).orElse(defaultValue);
    }

    /**
     * A duration: a whole number with a unit, {@code us}, {@code ms}, {@code s}, {@code m} or {@code h} ({@code 30s},
     * {@code 500ms}); a number alone is in {@code bareUnit}'s units. Zero is allowed only when {@code zeroAllowed}.
     */
    public Duration duration(String name, Duration defaultValue, java.time.temporal.ChronoUnit bareUnit,
                             boolean zeroAllowed) {
        return raw(name).map(setting -> {
            Matcher m = DURATION.matcher(setting.value().toLowerCase(Locale.ROOT));
            if (m.matches()) {
                try {
                    long amount = Long.parseLong(m.group(1));
                    Duration value = switch (m.group(2) == null ? "" : m.group(2)) {
                        case "us" -> Duration.of(amount, java.time.temporal.ChronoUnit.MICROS);
                        case "ms" -> Duration.ofMillis(amount);
                        case "s" -> Duration.ofSeconds(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        case "h" -> Duration.ofHours(amount);
                        default -> Duration.of(amount, bareUnit);
                    };
                    if (zeroAllowed || !value.isZero()) {
                        return value;
                    }
                } catch (NumberFormatException | ArithmeticException ignored) {
                    // reported below
                }
            }
            throw setting.invalid((zeroAllowed ? "a duration" : "a duration above zero") + " such as 30s or 500ms (a bare "
                    + "number is in " + bareUnit.toString().toLowerCase(Locale.ROOT) + ")");
        }).orElse(defaultValue);
    }

    /** {@code true}/{@code false} (also {@code yes}/{@code no}, {@code 1}/{@code 0}). */
    public boolean flag(String name, boolean defaultValue) {
        return raw(name).map(setting -> switch (setting.value().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw setting.invalid("true or false");
        }).orElse(defaultValue);
    }

    /** A comma-separated list, entries trimmed, empty entries dropped. */
    public List<String> list(String name, List<String> defaultValue) {
        return raw(name).map(setting -> {
            List<String> items = new ArrayList<>();
            for (String item : setting.value().split(",")) {
                if (!item.isBlank()) {
                    items.add(item.trim());
                }
            }
            return List.copyOf(items);
        }).orElse(defaultValue);
    }

    /** Folders separated by the platform's path separator. */
    public List<Path> paths(String name) {
        return raw(name).map(setting -> {
            List<Path> paths = new ArrayList<>();
            for (String item : setting.value().split(File.pathSeparator)) {
                if (!item.isBlank()) {
                    paths.add(Path.of(item.trim()));
                }
            }
            return List.copyOf(paths);
        }).orElse(List.of());
    }

    /**
     * One setting as found.
     *
     * @param key    the full key
     * @param source where the value came from ("system property ...", "environment variable ...")
     * @param value  the value, trimmed
     */
    public record Setting(String key, String source, String value) {

        /** The error for a value that is not what {@code expected} describes. */
        public InvalidSettingException invalid(String expected) {
            return new InvalidSettingException(key, source + "='" + value + "' is not " + expected);
        }
    }

    /** A setting whose value cannot be used; the message names the key, its source and the value. */
    public static final class InvalidSettingException extends IllegalArgumentException {
        private final String key;

        public InvalidSettingException(String key, String message) {
            super(message);
            this.key = key;
        }

        /** The full key of the setting. */
        public String key() {
            return key;
        }
    }
}
