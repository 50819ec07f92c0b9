package io.cloacina.tck;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * An SLF4J 2 provider that keeps every event (logger, level, message, throwable, MDC) for the kit's "logging" area
 * to inspect, and passes each on to the binding the tests would otherwise use (the first other provider found,
 * slf4j-simple say), so test output looks as before. Select it explicitly, because SLF4J otherwise picks one of
 * several providers by class-path order: {@code -Dslf4j.provider=io.cloacina.tck.CapturingLogProvider} (in
 * Surefire's {@code systemPropertyVariables}). Keeps the latest {@value #KEPT} events.
 *
 * @since 0.3
 */
public final class CapturingLogProvider implements SLF4JServiceProvider {

    /** The value of {@code slf4j.provider} that selects this provider. */
    public static final String NAME = CapturingLogProvider.class.getName();
    static final int KEPT = 200_000;

    private static final ArrayDeque<Event> EVENTS = new ArrayDeque<>();

    /** One logged event, as the binding would have seen it. */
    public record Event(String logger, Level level, String message, Throwable throwable, Map<String, String> mdc) {
    }

    private final BasicMDCAdapter mdc = new BasicMDCAdapter();
    private final BasicMarkerFactory markers = new BasicMarkerFactory();
    private ILoggerFactory delegate;
    private final Factory factory = new Factory();

    /** For ServiceLoader and {@code slf4j.provider}. */
    public CapturingLogProvider() {
    }

    /** Whether SLF4J uses this provider in this JVM. */
    public static boolean active() {
        return org.slf4j.LoggerFactory.getILoggerFactory() instanceof Factory;
    }

    /** The kept events that match, oldest first. */
    public static List<Event> events(Predicate<Event> filter) {
        synchronized (EVENTS) {
            List<Event> matching = new ArrayList<>();
            for (Event event : EVENTS) {
                if (filter.test(event)) {
                    matching.add(event);
                }
            }
            return matching;
        }
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        for (SLF4JServiceProvider other : ServiceLoader.load(SLF4JServiceProvider.class)) {
            if (!(other instanceof CapturingLogProvider)) {
                other.initialize();
                delegate = other.getLoggerFactory();
                return;
            }
        }
    }

    private final class Factory implements ILoggerFactory {
        private final Map<String, Logger> loggers = new ConcurrentHashMap<>();

        @Override
        public Logger getLogger(String name) {
            return loggers.computeIfAbsent(name, n -> new Capturing(n, delegate == null ? null : delegate.getLogger(n)));
        }
    }

    private static final class Capturing extends LegacyAbstractLogger {
        private final transient Logger passOn;

        Capturing(String name, Logger passOn) {
            this.name = name;
            this.passOn = passOn;
        }

        @Override
        public boolean isTraceEnabled() {
            return true;
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                                   Throwable throwable) {
            String message = MessageFormatter.basicArrayFormat(pattern, arguments);
            Map<String, String> context = MDC.getCopyOfContextMap();
            Event event = new Event(name, level, message, throwable, context == null ? Map.of() : Map.copyOf(context));
            synchronized (EVENTS) {
                if (EVENTS.size() == KEPT) {
                    EVENTS.removeFirst();
                }
                EVENTS.addLast(event);
            }
            if (passOn != null && passOn.isEnabledForLevel(level)) {
                if (throwable == null) {
                    passOn.atLevel(level).log(message);
                } else {
                    passOn.atLevel(level).setCause(throwable).log(message);
                }
            }
        }
    }
}
