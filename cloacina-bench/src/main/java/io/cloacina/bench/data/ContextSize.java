package io.cloacina.bench.data;

import java.util.Locale;

/** A context size as the benchmarks name it in their parameters: "1KB", "100KB", "1MB", "10MB". */
public record ContextSize(String label, int bytes) {

    public static ContextSize parse(String label) {
        String upper = label.trim().toUpperCase(Locale.ROOT);
        int multiplier;
        String digits;
        if (upper.endsWith("MB")) {
            multiplier = 1 << 20;
            digits = upper.substring(0, upper.length() - 2);
        } else if (upper.endsWith("KB")) {
            multiplier = 1 << 10;
            digits = upper.substring(0, upper.length() - 2);
        } else {
            throw new IllegalArgumentException("context size '" + label + "' must end in KB or MB");
        }
        return new ContextSize(label, Math.multiplyExact(Integer.parseInt(digits), multiplier));
    }
}
