package io.cloacina.python.jep;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the native half of Jep lives and the CPython it was built for.
 *
 * @param library      the native library ({@code libjep.so}) to hand to {@code MainInterpreter.setJepLibraryPath}
 * @param jepVersion   the version of the pip-installed jep, or {@code null} when it could not be read
 * @param executable   {@code sys.executable} of that Python, or {@code null} if unknown: given to CPython as its
 *                     program name so the embedded interpreter finds the same {@code sys.path} (virtualenvs too)
 * @param sitePackages the folder holding the {@code jep} package, put on {@code sys.path} so a virtualenv's
 *                     packages stay visible; {@code null} if unknown
 * @param python       the Python executable that was asked, for messages
 */
record JepInstallation(Path library, String jepVersion, String executable, Path sitePackages, String python) {
    JepInstallation {
        Objects.requireNonNull(library, "library");
    }
}
