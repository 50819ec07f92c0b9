package io.cloacina.cli;

import java.io.OutputStream;
import java.io.PrintWriter;

/**
 * The training run behind the CLI's class-data archive ({@code bin/lib/class-archive.sh}): runs one small
 * package on each backend named, one after the other in this JVM, so that the archive holds the classes of
 * every one of them. A single {@code cloacina run} would record one backend's classes only, and the others
 * would then load, parse and link theirs from the jars at every start (~200 classes for Jep).
 *
 * <p>Not a command for users: its output is dropped and a backend that cannot run here is passed over (the
 * classes it loaded on the way are recorded all the same).
 *
 * @since 0.3
 */
public final class ArchiveTraining {

    private ArchiveTraining() {
    }

    /** {@code ArchiveTraining PACKAGE BACKEND...}; always ends with status 0. */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: ArchiveTraining PACKAGE BACKEND...");
            return;
        }
        PrintWriter discard = new PrintWriter(OutputStream.nullOutputStream(), true);
        for (int i = 1; i < args.length; i++) {
            CloacinaCli.execute(new String[] {"run", "--backend", args[i], "--context", "{\"n\": 0}", args[0]},
                    discard, discard);
        }
        // Backends keep daemon threads and worker processes until closed, which each run did; exit as the CLI does.
        System.exit(0);
    }
}
