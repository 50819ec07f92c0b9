package io.cloacina.python.graal;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SandboxPolicyTest {

    @Test
    void emptyOrNoneIsTheFullSandbox() {
        assertEquals(SandboxPolicy.SANDBOXED, SandboxPolicy.parse(null));
        assertEquals(SandboxPolicy.SANDBOXED, SandboxPolicy.parse(" "));
        assertEquals(SandboxPolicy.SANDBOXED, SandboxPolicy.parse("NONE"));
        assertTrue(SandboxPolicy.SANDBOXED.deniesHostAccessAndProcesses());
    }

    @Test
    void permissionsAreOptedIntoOneByOne() {
        SandboxPolicy policy = SandboxPolicy.parse("network, files");
        assertEquals(new SandboxPolicy(false, false, true, true), policy);
        assertTrue(policy.deniesHostAccessAndProcesses(), "network and files alone keep host classes and processes out");
        assertFalse(SandboxPolicy.parse("processes").deniesHostAccessAndProcesses());
        assertEquals(SandboxPolicy.TRUSTED, SandboxPolicy.parse("network,all"));
    }

    @Test
    void unknownPermissionNamesThePropertyAndTheWord() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> SandboxPolicy.parse("network,sockets"));
        assertTrue(error.getMessage().contains("'sockets'"), error.getMessage());
        Properties properties = new Properties();
        properties.setProperty(SandboxPolicy.PROPERTY, "network,sockets");
        IllegalArgumentException setting = assertThrows(IllegalArgumentException.class,
                () -> GraalSettings.fromSystemProperties(properties));
        assertTrue(setting.getMessage().startsWith("system property " + SandboxPolicy.PROPERTY + "='network,sockets': "
                + "unknown permission 'sockets'"), setting.getMessage());
    }

    @Test
    void theEnvironmentVariableCountsWhenNoPropertyIsSet() {
        GraalSettings settings = GraalSettings.from(new Properties(), java.util.Map.of("CLOACINA_GRAAL_CONTEXTS", "2"));
        assertEquals(2, settings.contextsPerPackage());
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> GraalSettings.from(new Properties(), java.util.Map.of("CLOACINA_GRAAL_CONTEXTS", "0")));
        assertEquals("environment variable CLOACINA_GRAAL_CONTEXTS='0' is not a whole number of at least 1",
                error.getMessage());
    }

    @Test
    void settingsReadTheSystemProperties() {
        Properties properties = new Properties();
        properties.setProperty(SandboxPolicy.PROPERTY, "host-access");
        properties.setProperty(GraalSettings.CONTEXTS_PROPERTY, "3");
        properties.setProperty(SandboxPolicy.WRITABLE_PROPERTY, "/srv/out" + File.pathSeparator + " /tmp/scratch ");
        GraalSettings settings = GraalSettings.fromSystemProperties(properties);
        assertEquals(new SandboxPolicy(true, false, false, false, List.of(Path.of("/srv/out"), Path.of("/tmp/scratch"))),
                settings.sandbox());
        assertEquals(3, settings.contextsPerPackage());
        properties.setProperty(GraalSettings.CONTEXTS_PROPERTY, "many");
        assertThrows(IllegalArgumentException.class, () -> GraalSettings.fromSystemProperties(properties));
    }
}
