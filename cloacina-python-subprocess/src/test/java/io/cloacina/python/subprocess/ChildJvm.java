package io.cloacina.python.subprocess;

import io.cloacina.context.Context;
import io.cloacina.spi.LoadedPackage;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a separate JVM by {@link JvmExitTest}: loads the demo package, starts a task that sleeps, prints
 * READY once the task runs, then either exits normally ({@code exit}) or waits to be killed ({@code hang}).
 */
public final class ChildJvm {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String mode = args[1];
        SubprocessRuntime runtime = new SubprocessRuntime(SubprocessSettings.fromEnvironment().withWorkers(1));
        LoadedPackage demo = runtime.load(DemoPackage.write(dir.resolve("pkg")));
        Path pidFile = dir.resolve("worker.pid");
        demo.executor().execute("sleep", new Context().set("pid_file", pidFile.toString()).set("seconds", 300));
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(pidFile) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        System.out.println("READY");
        System.out.flush();
        if (mode.equals("exit")) {
            System.exit(0); // without closing anything: the shutdown hook must end the worker
        }
        Thread.sleep(300_000); // bounded; the test kills this JVM long before
    }

    private ChildJvm() {
    }
}
