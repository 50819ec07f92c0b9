package io.cloacina.temporal;

import io.cloacina.spi.PythonPackage;

/**
 * The task queue of a package: named after the package and its version, so that only workers that loaded exactly
 * that package receive its runs and tasks (and two versions can be served side by side).
 *
 * @since 0.3
 */
public final class TaskQueues {

    private TaskQueues() {
    }

    public static String of(String packageName, String version) {
        return "cloacina-" + packageName + "-" + version;
    }

    public static String of(PythonPackage pkg) {
        return of(pkg.name(), pkg.version());
    }
}
