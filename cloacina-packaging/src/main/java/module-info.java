/**
 * Reading workflow packages: the manifest, folder packages and archives, extracted under Cloacina's own
 * guards (no traversal, no links, bounded size and entry count).
 */
module io.cloacina.packaging {
    requires transitive io.cloacina.api;
    requires org.apache.commons.compress;
    requires com.fasterxml.jackson.dataformat.toml;
    requires org.slf4j;

    exports io.cloacina.packaging;
}
