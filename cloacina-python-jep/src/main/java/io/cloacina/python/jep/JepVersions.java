package io.cloacina.python.jep;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of the Jep jar on the class path: the Java half that must match the pip-installed native half. */
final class JepVersions {

    private static final String JAR_POM = "/META-INF/maven/black.ninia/jep/pom.properties";
    private static final String BUILT_AGAINST = "/io/cloacina/python/jep/jep-version.properties";

    private JepVersions() {
    }

    /** Read from the jar itself when it says; otherwise the version this module was built against. */
    static String javaSide() {
        String fromJar = read(jep.Jep.class, JAR_POM, "version");
        return fromJar != null ? fromJar : builtAgainst();
    }

    static String builtAgainst() {
        String version = read(JepVersions.class, BUILT_AGAINST, "expected");
        if (version == null) {
            throw new IllegalStateException("cloacina-python-jep jar is missing " + BUILT_AGAINST);
        }
        return version;
    }

    /** The exact command that installs the matching native half. */
    static String pipInstallLine(String python) {
        return "JAVA_HOME=<a JDK> " + python + " -m pip install --no-build-isolation jep==" + javaSide();
    }

    private static String read(Class<?> anchor, String resource, String key) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(in);
            String value = properties.getProperty(key);
            return value == null || value.isBlank() ? null : value.trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
