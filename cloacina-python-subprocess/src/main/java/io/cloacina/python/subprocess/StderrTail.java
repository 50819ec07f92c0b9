package io.cloacina.python.subprocess;

import java.util.ArrayDeque;
import java.util.List;

/** The last lines a worker wrote to stderr: a crash report quotes them (faulthandler's segfault trace). */
final class StderrTail {

    /** A crash report quotes lines, it does not archive them. */
    private static final int LONGEST_LINE = 2_000;

    private final int capacity;
    private final ArrayDeque<String> lines;

    StderrTail(int capacity) {
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(capacity);
    }

    synchronized void add(String line) {
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(line.length() <= LONGEST_LINE ? line : line.substring(0, LONGEST_LINE) + "…");
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
