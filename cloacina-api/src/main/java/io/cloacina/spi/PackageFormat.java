package io.cloacina.spi;

/**
 * Which manifest a package is read by. It decides defaults that differ between the two: a Cloacina package
 * keeps Cloacina's behaviour (its default retry policy), one of ours keeps ours.
 *
 * @since 0.2
 */
public enum PackageFormat {
    /** Cloacina's {@code package.toml}. */
    CLOACINA,
    /** Our {@code manifest.json}. */
    MANIFEST;

    /** The policy of a task that declares none: Cloacina's default for its packages, a single run for ours. */
    public RetryPolicy defaultRetryPolicy() {
        return this == CLOACINA ? RetryPolicy.CLOACINA_DEFAULT : RetryPolicy.NO_RETRY;
    }
}
