package io.cloacina.runtime;

import io.cloacina.spi.SpiVersion;
import io.cloacina.spi.PythonRuntime;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Selection is tested on purpose-built class paths: each test writes its own services file. */
@DisplayName("Backend selection")
class PythonRuntimesTest {

    @TempDir
    Path dir;

    private ClassLoader classPathWith(Class<?>... providers) throws IOException {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        List<String> lines = Arrays.stream(providers).map(Class::getName).toList();
        Files.write(services.resolve(PythonRuntime.class.getName()), lines);
        return new URLClassLoader(new URL[]{dir.toUri().toURL()}, getClass().getClassLoader());
    }

    private static PythonRuntime select(String name, ClassLoader loader) {
        return PythonRuntimes.select(name, loader, new Properties(), Map.of());
    }

    @Test
    void highest_priority_available_backend_wins() throws IOException {
        ClassLoader loader = classPathWith(FakeRuntimes.Alpha.class, FakeRuntimes.Gamma.class, FakeRuntimes.Beta.class);
        assertInstanceOf(FakeRuntimes.Beta.class, select(null, loader));
    }

    @Test
    void equal_priorities_are_broken_by_name_not_class_path_order() throws IOException {
        assertInstanceOf(FakeRuntimes.Aardvark.class,
                select(null, classPathWith(FakeRuntimes.Beta.class, FakeRuntimes.Aardvark.class)));
        assertInstanceOf(FakeRuntimes.Aardvark.class,
                select(null, new URLClassLoader(new URL[0], classPathWith(FakeRuntimes.Aardvark.class, FakeRuntimes.Beta.class))));
    }

    @Test
    void an_explicit_name_wins_over_priority() throws IOException {
        assertInstanceOf(FakeRuntimes.Alpha.class,
                select("alpha", classPathWith(FakeRuntimes.Alpha.class, FakeRuntimes.Beta.class)));
    }

    @Test
    void the_argument_beats_the_system_property_which_beats_the_environment() throws IOException {
        ClassLoader loader = classPathWith(FakeRuntimes.Alpha.class, FakeRuntimes.Beta.class, FakeRuntimes.Aardvark.class);
        Properties properties = new Properties();
        properties.setProperty(PythonRuntimes.PROPERTY, "alpha");
        Map<String, String> env = Map.of(PythonRuntimes.ENV, "aardvark");
        assertInstanceOf(FakeRuntimes.Beta.class, PythonRuntimes.select("beta", loader, properties, env));
        assertInstanceOf(FakeRuntimes.Alpha.class, PythonRuntimes.select(null, loader, properties, env));
        assertInstanceOf(FakeRuntimes.Aardvark.class, PythonRuntimes.select(null, loader, new Properties(), env));
    }

    @Test
    void an_explicitly_named_unavailable_backend_fails_with_its_reason() throws IOException {
        NoRuntimeAvailableException error = assertThrows(NoRuntimeAvailableException.class,
                () -> select("gamma", classPathWith(FakeRuntimes.Gamma.class, FakeRuntimes.Alpha.class)));
        assertTrue(error.getMessage().contains("'gamma' was requested but is unavailable: gamma needs a flux capacitor"),
                error.getMessage());
    }

    @Test
    void a_backend_built_for_another_spi_is_refused_naming_both_versions() throws IOException {
        ClassLoader loader = classPathWith(FakeRuntimes.FromTheFuture.class, FakeRuntimes.NewerMinor.class,
                FakeRuntimes.Alpha.class);
        assertInstanceOf(FakeRuntimes.Alpha.class, select(null, loader), "the compatible one is chosen");
        NoRuntimeAvailableException future = assertThrows(NoRuntimeAvailableException.class, () -> select("future", loader));
        assertTrue(future.getMessage().contains("backend 'future' (" + FakeRuntimes.FromTheFuture.class.getName()
                + ") was built for Cloacina SPI " + (SpiVersion.HOST.major() + 1) + ".0, but this cloacina-api implements SPI "
                + SpiVersion.HOST + ": use a newer cloacina-api"), future.getMessage());
        NoRuntimeAvailableException newer = assertThrows(NoRuntimeAvailableException.class, () -> select("newer", loader));
        assertTrue(newer.getMessage().contains("was built for Cloacina SPI " + SpiVersion.HOST.major() + "."
                + (SpiVersion.HOST.minor() + 1)), newer.getMessage());
    }

    @Test
    void spi_versions_are_compatible_within_a_major_up_to_the_hosts_minor() {
        assertTrue(SpiVersion.parse("1.0").runsOn(SpiVersion.parse("1.2")));
        assertTrue(SpiVersion.parse("1.2").runsOn(SpiVersion.parse("1.2")));
        assertTrue(!SpiVersion.parse("1.3").runsOn(SpiVersion.parse("1.2")));
        assertTrue(!SpiVersion.parse("2.0").runsOn(SpiVersion.parse("1.9")));
        assertTrue(!SpiVersion.parse("0.9").runsOn(SpiVersion.parse("1.0")));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> SpiVersion.parse("one"));
        assertTrue(bad.getMessage().contains("'one'"), bad.getMessage());
    }

    @Test
    void an_unknown_name_lists_what_was_found() throws IOException {
        NoRuntimeAvailableException error = assertThrows(NoRuntimeAvailableException.class,
                () -> select("nope", classPathWith(FakeRuntimes.Alpha.class, FakeRuntimes.Gamma.class)));
        assertTrue(error.getMessage().contains("'nope' was requested but is not on the class path"), error.getMessage());
        assertTrue(error.getMessage().contains("alpha: available"), error.getMessage());
        assertTrue(error.getMessage().contains("gamma: unavailable: gamma needs a flux capacitor"), error.getMessage());
    }

    @Test
    void none_available_lists_each_backend_and_why() throws IOException {
        NoRuntimeAvailableException error = assertThrows(NoRuntimeAvailableException.class,
                () -> select(null, classPathWith(FakeRuntimes.Gamma.class)));
        assertTrue(error.getMessage().startsWith("No Cloacina Python backend is available"), error.getMessage());
        assertTrue(error.getMessage().contains("gamma: unavailable: gamma needs a flux capacitor"), error.getMessage());
        assertEquals(1, error.found().size());
    }

    @Test
    void none_on_the_class_path_names_the_artifacts_to_add() throws IOException {
        NoRuntimeAvailableException error = assertThrows(NoRuntimeAvailableException.class,
                () -> select(null, classPathWith()));
        assertTrue(error.getMessage().contains("io.cloacina:cloacina-python-subprocess"), error.getMessage());
        assertTrue(error.getMessage().contains("io.cloacina:cloacina-python-graal"), error.getMessage());
    }

    @Test
    void a_provider_that_fails_to_load_does_not_hide_the_others() throws IOException {
        ClassLoader loader = classPathWith(FakeRuntimes.Exploding.class, FakeRuntimes.Alpha.class);
        assertInstanceOf(FakeRuntimes.Alpha.class, select(null, loader));
        List<RuntimeCandidate> found = PythonRuntimes.discover(loader);
        assertEquals(2, found.size(), found.toString());
        RuntimeCandidate broken = found.stream().filter(c -> c.runtime() == null).findFirst().orElseThrow();
        assertTrue(broken.reason().contains("constructor blew up"), broken.reason());
    }

    @Test
    void a_provider_class_that_does_not_exist_is_reported_not_thrown() throws IOException {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve(PythonRuntime.class.getName()),
                "io.cloacina.runtime.DoesNotExist\n" + FakeRuntimes.Beta.class.getName() + "\n");
        ClassLoader loader = new URLClassLoader(new URL[]{dir.toUri().toURL()}, getClass().getClassLoader());
        assertInstanceOf(FakeRuntimes.Beta.class, select(null, loader));
        assertTrue(PythonRuntimes.discover(loader).stream().anyMatch(c -> c.reason().contains("DoesNotExist")));
    }

    @Test
    void an_explicit_name_probes_only_that_backend() throws IOException {
        FakeRuntimes.Counting.probes.set(0);
        assertInstanceOf(FakeRuntimes.Alpha.class,
                select("alpha", classPathWith(FakeRuntimes.Counting.class, FakeRuntimes.Alpha.class)));
        assertEquals(0, FakeRuntimes.Counting.probes.get(), "the unnamed backend was probed");
    }

    @Test
    void choosing_by_priority_stops_probing_at_the_first_available_backend() throws IOException {
        FakeRuntimes.Counting.probes.set(0);
        assertInstanceOf(FakeRuntimes.Beta.class,
                select(null, classPathWith(FakeRuntimes.Counting.class, FakeRuntimes.Beta.class)));
        assertEquals(0, FakeRuntimes.Counting.probes.get(), "a lower-priority backend was probed");
    }
}
