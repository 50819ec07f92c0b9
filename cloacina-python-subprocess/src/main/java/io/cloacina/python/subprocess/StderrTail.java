package io.cloacina.python.subprocess;

import java.util.ArrayDeque;
import java.util.List;

/** The last lines a worker wrote to stderr: a crash report quotes them (faulthandler's segfault trace). */
final class StderrTail {

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
        lines.addLast(line);
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
