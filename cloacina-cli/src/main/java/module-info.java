/**
 * The {@code cloacina} command line. Knows only the API: backends are found at run time.
 */
module io.cloacina.cli {
    requires io.cloacina.api;
    requires io.cloacina.packaging;
    requires io.cloacina.runner;
    requires info.picocli;
    // serve takes Ctrl-C and SIGTERM over (sun.misc.Signal) to give running runs a grace period.
    requires jdk.unsupported;

    // picocli fills the annotated command fields reflectively.
    opens io.cloacina.cli to info.picocli;
}
