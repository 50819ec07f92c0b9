package io.cloacina.python.jep;

import java.util.Objects;

/** The outcome of looking for Jep: an installation, or a reason a person can act on. */
record JepLocation(JepInstallation installation, String problem) {

    JepLocation {
        if ((installation == null) == (problem == null)) {
            throw new IllegalArgumentException("exactly one of installation and problem");
        }
    }

    static JepLocation found(JepInstallation installation) {
        return new JepLocation(Objects.requireNonNull(installation), null);
    }

    static JepLocation missing(String problem) {
        return new JepLocation(null, Objects.requireNonNull(problem));
    }

    boolean isFound() {
        return installation != null;
    }
}
