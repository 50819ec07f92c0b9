/**
 * The Cloacina technology compatibility kit: abstract JUnit tests every Python backend must pass, and the
 * fixture packages they run. Knows only the API, never a backend.
 */
module io.cloacina.tck {
    requires transitive io.cloacina.api;
    requires io.cloacina.packaging;
    requires transitive org.junit.jupiter.api;
    requires org.junit.jupiter.params;
    requires org.slf4j;

    uses org.slf4j.spi.SLF4JServiceProvider;

    exports io.cloacina.tck;

    // JUnit instantiates the kit's nested test classes reflectively.
    opens io.cloacina.tck to org.junit.platform.commons;
}
