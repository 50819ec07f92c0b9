package io.cloacina.packaging;

/**
 * Where {@link PackageArchiver} puts the package inside the archive. Real Cloacina looks for
 * {@code package.toml} one folder below the archive's root and never at the root itself, so an archive meant
 * for Cloacina needs {@link #CLOACINA}; {@link PackageReader} opens both.
 *
 * @since 0.1
 */
public enum ArchiveLayout {

    /** Cloacina's packer's: everything under one {@code {name}-{version}/} folder. Needs a {@code package.toml}. */
    CLOACINA,

    /** This project's original layout: the package at the archive's root. Only this project's reader opens it. */
    MANIFEST
}
