package io.cloacina.python.jep;

import java.nio.file.Path;

/**
 * Run in a child JVM by {@link JepBrokenLibraryTest} (a broken native library poisons Jep for the whole
 * JVM): prints what availability and load say about a library that cannot be loaded.
 */
public final class BrokenLibraryChild {

    private BrokenLibraryChild() {
    }

    public static void main(String[] args) {
        JepRuntime runtime = new JepRuntime();
        System.out.println("BEFORE " + runtime.availability().available());
        try {
            runtime.load(TestPackages.single(Path.of(args[0]), "never", "x = 1"));
            System.out.println("LOADED");
        } catch (IllegalStateException e) {
            System.out.println("LOAD FAILED " + e.getMessage().replace('\n', ' '));
        }
        System.out.println("AFTER " + runtime.availability().available() + " "
                + runtime.availability().reason().replace('\n', ' '));
    }
}
