package io.cloacina.python.jep;

import io.cloacina.spi.Availability;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reasons given when Jep cannot run: they must tell a person what to do. None of these starts CPython. */
class JepAvailabilityTest {

    private static Properties properties(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    @Test
    void anExplicitLibraryThatIsNotThereIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nowhere/libjep.so");
        Availability availability = new JepRuntime(properties(JepLocator.LIBRARY_PROPERTY, missing.toString()),
                Map.of()).availability();
        assertFalse(availability.available());
        assertTrue(availability.reason().contains(JepLocator.LIBRARY_PROPERTY), availability.reason());
        assertTrue(availability.reason().contains(missing.toString()), availability.reason());
    }

    @Test
    void theEnvironmentVariableIsUsedWhenThePropertyIsNotSet(@TempDir Path dir) {
        Path missing = dir.resolve("libjep.so");
        Availability availability = new JepRuntime(new Properties(),
                Map.of(JepLocator.LIBRARY_ENV, missing.toString())).availability();
        assertFalse(availability.available());
        assertTrue(availability.reason().contains(JepLocator.LIBRARY_ENV), availability.reason());
    }

    @Test
    void aVersionMismatchNamesBothVersions(@TempDir Path dir) throws Exception {
        Path jepDir = Files.createDirectories(dir.resolve("site-packages/jep"));
        Path library = Files.writeString(jepDir.resolve("libjep.so"), "not really a library");
        Files.writeString(jepDir.resolve("version.py"), "__VERSION__ = '0.0.1'\nVERSION = __VERSION__\n");
        Availability availability = new JepRuntime(properties(JepLocator.LIBRARY_PROPERTY, library.toString()),
                Map.of()).availability();
        assertFalse(availability.available());
        assertTrue(availability.reason().contains("0.0.1"), availability.reason());
        assertTrue(availability.reason().contains(JepVersions.javaSide()), availability.reason());
        assertTrue(availability.reason().contains("pip install"), availability.reason());
    }

    @Test
    void aMissingPythonGivesThePipLine() {
        Availability availability = new JepRuntime(
                properties(JepLocator.PYTHON_PROPERTY, "/no/such/python3"), Map.of()).availability();
        assertFalse(availability.available());
        assertTrue(availability.reason().contains("/no/such/python3"), availability.reason());
        assertTrue(availability.reason().contains("pip install --no-build-isolation jep==" + JepVersions.javaSide()),
                availability.reason());
    }

    @Test
    void theJarVersionIsTheOneTheBuildPinned() {
        // The jar from Maven Central says its own version; it must be the one the root pom pins for pip.
        assertTrue(JepVersions.javaSide().equals(JepVersions.builtAgainst()),
                JepVersions.javaSide() + " vs " + JepVersions.builtAgainst());
    }

    /**
     * The lookup asks Python where jep lives; its version comes from jep/version.py next to the library, and
     * only without that file from the package's metadata (importlib.metadata is slow to import). A fake jep on
     * the PYTHONPATH of a wrapper around the real interpreter plays the installed one.
     */
    @Test
    void theProbedVersionComesFromVersionPyElseFromMetadata(@TempDir Path dir) throws Exception {
        Path site = Files.createDirectories(dir.resolve("site"));
        Path jepDir = Files.createDirectories(site.resolve("jep"));
        Files.writeString(jepDir.resolve("__init__.py"), "raise ImportError('the lookup must not import jep')\n");
        Files.writeString(jepDir.resolve("libjep.so"), "not really a library");
        Path distInfo = Files.createDirectories(site.resolve("jep-0.0.2.dist-info"));
        Files.writeString(distInfo.resolve("METADATA"), "Metadata-Version: 2.1\nName: jep\nVersion: 0.0.2\n");
        Path wrapper = dir.resolve("python-with-fake-jep");
        String python = JepLocator.python(System.getProperties(), System.getenv());
        Files.writeString(wrapper, "#!/bin/sh\nPYTHONPATH='" + site + "' exec " + python + " \"$@\"\n");
        assertTrue(wrapper.toFile().setExecutable(true));
        Properties settings = properties(JepLocator.PYTHON_PROPERTY, wrapper.toString());

        Files.writeString(jepDir.resolve("version.py"), "__VERSION__ = '0.0.1'\n");
        Availability fromVersionPy = new JepRuntime(settings, Map.of()).availability();
        assertFalse(fromVersionPy.available());
        assertTrue(fromVersionPy.reason().contains("native library (" + jepDir.resolve("libjep.so") + ") is 0.0.1"),
                fromVersionPy.reason());

        Files.delete(jepDir.resolve("version.py"));
        Availability fromMetadata = new JepRuntime(settings, Map.of()).availability();
        assertFalse(fromMetadata.available());
        assertTrue(fromMetadata.reason().contains("native library (" + jepDir.resolve("libjep.so") + ") is 0.0.2"),
                fromMetadata.reason());
    }
}
