package io.cloacina.python.jep;

import io.cloacina.context.Context;
import io.cloacina.spi.LoadedPackage;

import java.nio.file.Path;

/** Run in a child JVM by {@link JepSigintTest}: loads a package and runs a task that never ends. */
public final class SigintChild {

    private SigintChild() {
    }

    public static void main(String[] args) throws Exception {
        JepRuntime runtime = new JepRuntime();
        if (!runtime.availability().available()) {
            System.out.println("UNAVAILABLE " + runtime.availability().reason());
            System.exit(3);
        }
        LoadedPackage loaded = runtime.load(TestPackages.single(Path.of(args[0]), "sigint", String.join("\n",
                "import sys",
                "from cloaca import task",
                "@task(id='forever')",
                "def forever(ctx):",
                "    print('SPINNING', flush=True)",
                "    while True:",
                "        pass")));
        loaded.executor().execute("forever", new Context()).join();
        System.out.println("UNEXPECTED END");
    }
}
