package io.cloacina.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * When a failed task runs again: Cloacina 0.12's policy. {@code maxAttempts} counts every run, the first
 * included (Cloacina's meaning: 3 means at most two retries).
 *
 * @param maxAttempts  runs in all; 0 and 1 mean no retry
 * @param backoff      how the delay grows
 * @param initialDelay the delay before the first retry
 * @param maxDelay     the cap on the delay (jitter is applied after it, as in Cloacina)
 * @param jitter       whether the delay is multiplied by a random factor in [0.75, 1.25]
 * @param conditions   which errors are retried; every condition must allow it
 *
 * @since 0.2
 */
public record RetryPolicy(int maxAttempts, Backoff backoff, Duration initialDelay, Duration maxDelay,
                          boolean jitter, List<Condition> conditions) {

    /** Cloacina's default: 3 runs, exponential from 1 s, capped at 60 s, with jitter, any error. */
    public static final RetryPolicy CLOACINA_DEFAULT = new RetryPolicy(3, new Backoff.Exponential(2.0, 1.0),
            Duration.ofSeconds(1), Duration.ofSeconds(60), true, List.of(new Condition.AllErrors()));
    /** One run, no retry. */
    public static final RetryPolicy NO_RETRY = new RetryPolicy(1, new Backoff.Fixed(), Duration.ZERO,
            Duration.ZERO, false, List.of(new Condition.Never()));

    public RetryPolicy {
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("maxAttempts must not be negative: " + maxAttempts);
        }
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        conditions = List.copyOf(conditions);
    }

    /** How the delay grows with the number of the failed attempt. */
    public sealed interface Backoff {
        /** Always the initial delay. */
        record Fixed() implements Backoff {
        }

        /** {@code initial * attempt * multiplier}. */
        record Linear(double multiplier) implements Backoff {
        }

        /** {@code initial * multiplier * base^(attempt-1)}. */
        record Exponential(double base, double multiplier) implements Backoff {
        }
    }

    /** Which failures are retried. */
    public sealed interface Condition {
        /** No failure is retried. */
        record Never() implements Condition {
        }

        /** Every failure is retried. */
        record AllErrors() implements Condition {
        }

        /** Timeouts and errors whose type or message speaks of a timeout, connection, network, ... */
        record TransientOnly() implements Condition {
        }

        /** Errors whose message contains one of the patterns (case-insensitive). */
        record ErrorPattern(List<String> patterns) implements Condition {
            public ErrorPattern {
                patterns = List.copyOf(patterns);
            }
        }
    }

    /** The JSON form {@code cloaca} reports and {@code tasks --json} prints (delays in milliseconds). */
    public ObjectNode toJson() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode node = json.objectNode();
        node.put("max_attempts", maxAttempts);
        ObjectNode backoffNode = node.putObject("backoff");
        switch (backoff) {
            case Backoff.Fixed f -> backoffNode.put("type", "fixed");
            case Backoff.Linear l -> backoffNode.put("type", "linear").put("multiplier", l.multiplier());
            case Backoff.Exponential e -> backoffNode.put("type", "exponential").put("base", e.base())
                    .put("multiplier", e.multiplier());
        }
        node.put("initial_delay_ms", initialDelay.toMillis());
        node.put("max_delay_ms", maxDelay.toMillis());
        node.put("jitter", jitter);
        ArrayNode list = node.putArray("conditions");
        for (Condition condition : conditions) {
            ObjectNode c = list.addObject();
            switch (condition) {
                case Condition.Never n -> c.put("type", "never");
                case Condition.AllErrors a -> c.put("type", "all");
                case Condition.TransientOnly t -> c.put("type", "transient");
                case Condition.ErrorPattern p -> {
                    c.put("type", "error_pattern");
                    p.patterns().forEach(c.putArray("patterns")::add);
                }
            }
        }
        return node;
    }

    /** Reads {@link #toJson()}'s form; {@link IllegalArgumentException} names what is wrong. */
    public static RetryPolicy fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("a retry policy must be a JSON object, got " + node);
        }
        JsonNode b = node.path("backoff");
        Backoff backoff = switch (b.path("type").asText()) {
            case "fixed" -> new Backoff.Fixed();
            case "linear" -> new Backoff.Linear(b.path("multiplier").asDouble(1.0));
            case "exponential" -> new Backoff.Exponential(b.path("base").asDouble(2.0),
                    b.path("multiplier").asDouble(1.0));
            default -> throw new IllegalArgumentException("unknown backoff " + b);
        };
        List<Condition> conditions = new ArrayList<>();
        for (JsonNode c : node.path("conditions")) {
            conditions.add(switch (c.path("type").asText()) {
                case "never" -> new Condition.Never();
                case "all" -> new Condition.AllErrors();
                case "transient" -> new Condition.TransientOnly();
                case "error_pattern" -> {
                    List<String> patterns = new ArrayList<>();
                    c.path("patterns").forEach(p -> patterns.add(p.asText()));
                    yield new Condition.ErrorPattern(patterns);
                }
                default -> throw new IllegalArgumentException("unknown retry condition " + c);
            });
        }
        return new RetryPolicy(node.path("max_attempts").asInt(1), backoff,
                Duration.ofMillis(node.path("initial_delay_ms").asLong(0)),
                Duration.ofMillis(node.path("max_delay_ms").asLong(0)), node.path("jitter").asBoolean(false),
                conditions);
    }
}
