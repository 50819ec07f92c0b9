package io.cloacina.cli;

import picocli.CommandLine;

import java.util.Locale;

/**
 * {@code --log-level} and {@code --quiet}: from which level what tasks write in Python (SLF4J loggers
 * {@code cloacina.python.*}) is shown on stderr. The CLI logs through slf4j-simple, which reads its levels once,
 * when the first logger is made: {@link #applyEarly} sets them from the raw arguments before anything logs.
 */
enum TaskOutputLevel {
    TRACE, DEBUG, INFO, WARN, ERROR, OFF;

    /** slf4j-simple's property for the level of the {@code cloacina.python} loggers. */
    static final String PROPERTY = "org.slf4j.simpleLogger.log.cloacina.python";

    /** Sets the level named by {@code --log-level}/{@code --quiet} among the arguments, if any (the last wins). */
    static void applyEarly(String[] args) {
        TaskOutputLevel chosen = fromArguments(args);
        if (chosen != null) {
            System.setProperty(PROPERTY, chosen.name().toLowerCase(Locale.ROOT));
        }
    }

    static TaskOutputLevel fromArguments(String[] args) {
        TaskOutputLevel chosen = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                break;
            }
            if (arg.equals("-q") || arg.equals("--quiet")) {
                chosen = OFF;
            } else if (arg.equals("--log-level") && i + 1 < args.length) {
                chosen = parseOrNull(args[++i]);
            } else if (arg.startsWith("--log-level=")) {
                chosen = parseOrNull(arg.substring("--log-level=".length()));
            }
        }
        return chosen;
    }

    private static TaskOutputLevel parseOrNull(String text) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            return null; // picocli reports it as a usage error
        }
    }

    static TaskOutputLevel parse(String text) {
        String name = text.strip().toUpperCase(Locale.ROOT);
        if (name.equals("WARNING")) {
            name = "WARN";
        }
        return valueOf(name);
    }

    /** picocli's converter: a usage error naming the levels. */
    static final class Converter implements CommandLine.ITypeConverter<TaskOutputLevel> {
        @Override
        public TaskOutputLevel convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not a level: use trace, debug, info, warn, error or off");
            }
        }
    }
}
