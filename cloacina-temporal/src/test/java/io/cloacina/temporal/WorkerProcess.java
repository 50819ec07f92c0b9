package io.cloacina.temporal;

import io.cloacina.packaging.OpenedPackage;
import io.cloacina.packaging.PackageReader;
import io.cloacina.runtime.PythonRuntimes;
import io.cloacina.spi.LoadedPackage;
import io.cloacina.spi.PythonRuntime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A worker JVM for the multi-process tests: {@code WorkerProcess TARGET PACKAGE_DIR IDENTITY MAX_CONCURRENT}.
 * Loads the package on the subprocess backend, serves it, prints {@code ready} on stdout and runs until stdin
 * closes or the process is stopped (SIGTERM: graceful, as {@code bin/cloacina worker}).
 */
public final class WorkerProcess {

    private WorkerProcess() {
    }

    public static void main(String[] args) throws Exception {
        String target = args[0];
        Path folder = Path.of(args[1]);
        String identity = args[2];
        int maxConcurrent = Integer.parseInt(args[3]);
        PythonRuntime runtime = PythonRuntimes.select("subprocess");
        OpenedPackage opened = new PackageReader().open(folder);
        LoadedPackage loaded = runtime.load(opened.pythonPackage());
        TemporalConnection temporal = TemporalConnection.connect(target, null, identity);
        CloacinaWorker worker = CloacinaWorker.start(temporal.client(), List.of(loaded), maxConcurrent);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.shutdown(Duration.ofSeconds(5));
            temporal.close();
            loaded.close();
            runtime.close();
            opened.close();
            stopped.countDown();
        }));
        System.out.println("ready " + worker.identity());
        System.out.flush();
        // Until the test closes our stdin (or stops us).
        while (System.in.read() >= 0) {
            // nothing to read
        }
        System.exit(0);
    }
}
