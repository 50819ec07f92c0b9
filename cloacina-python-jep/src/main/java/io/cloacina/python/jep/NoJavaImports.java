package io.cloacina.python.jep;

import jep.ClassEnquirer;

/**
 * Tells Jep's import hook that no name is a Java package, so a task's {@code import java.lang} fails as it does on
 * every other backend. Jep's default enquirer ({@code ClassList}) lists every class of the class path and the JDK
 * the first time an interpreter starts: about 140 ms of a run's start on a 2-core machine with the CLI's class path
 * (JFR, docs/perf/notes.md), paid for a feature Cloacina packages do not use and that hands tasks the host's JVM.
 * {@code cloacina.jep.java-imports=true} gives Jep its own enquirer back.
 */
final class NoJavaImports implements ClassEnquirer {

    static final NoJavaImports INSTANCE = new NoJavaImports();

    private static final String[] NONE = new String[0];

    private NoJavaImports() {
    }

    @Override
    public boolean isJavaPackage(String name) {
        return false;
    }

    @Override
    public String[] getClassNames(String packageName) {
        return NONE;
    }

    @Override
    public String[] getSubPackages(String packageName) {
        return NONE;
    }
}
