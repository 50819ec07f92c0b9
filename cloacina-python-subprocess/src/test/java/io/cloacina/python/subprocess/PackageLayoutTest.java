package io.cloacina.python.subprocess;

import io.cloacina.context.Context;
import io.cloacina.spi.PythonPackage;
import io.cloacina.spi.LoadedPackage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

@DisplayName("subprocess backend: package layout (vendor/, same module names in two packages)")
class PackageLayoutTest {

    @Test
    void vendored_modules_are_importable_and_the_source_folder_wins_over_vendor(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("vendored");
        Files.createDirectories(root.resolve("vendor"));
        Files.writeString(root.resolve("vendor").resolve("helper_lib.py"), "def shout(s):\n    return s.upper() + '!'\n");
        Files.writeString(root.resolve("vendor").resolve("shadowed.py"), "WHO = 'vendor'\n");
        PythonPackage pkg = TestPackages.write(root, "vendored", "acme.flows", Map.of(
                "acme/__init__.py", "",
                "shadowed.py", "WHO = 'source'\n",
                "acme/flows.py", """
                        from cloaca import task
                        import helper_lib
                        import shadowed

                        @task(id="shout")
                        def shout(context):
                            context["out"] = helper_lib.shout(context["in"])
                            context["shadowed"] = shadowed.WHO
                        """));
        assertNotNull(pkg.vendorDir(), "the loader found vendor/");
        try (SubprocessRuntime runtime = TestPackages.runtime(1);
             LoadedPackage loaded = runtime.load(pkg)) {
            Context out = loaded.executor().execute("shout", new Context().set("in", "hi"))
                    .get(30, TimeUnit.SECONDS);
            assertEquals("HI!", out.get("out").orElseThrow().asText());
            assertEquals("source", out.get("shadowed").orElseThrow().asText());
        }
    }

    @Test
    void two_packages_with_the_same_module_names_stay_apart(@TempDir Path dir) throws Exception {
        String tasks = """
                from cloaca import task
                from flows import config

                @task(id="which")
                def which(context):
                    context["name"] = config.NAME
                """;
        PythonPackage one = TestPackages.write(dir.resolve("one"), "one", "flows.tasks", Map.of(
                "flows/__init__.py", "", "flows/config.py", "NAME = 'one'\n", "flows/tasks.py", tasks));
        PythonPackage two = TestPackages.write(dir.resolve("two"), "two", "flows.tasks", Map.of(
                "flows/__init__.py", "", "flows/config.py", "NAME = 'two'\n", "flows/tasks.py", tasks));
        try (SubprocessRuntime runtime = TestPackages.runtime(1);
             LoadedPackage first = runtime.load(one);
             LoadedPackage second = runtime.load(two)) {
            for (int i = 0; i < 3; i++) {
                assertEquals("one", first.executor().execute("which", new Context()).get(30, TimeUnit.SECONDS)
                        .get("name").orElseThrow().asText());
                assertEquals("two", second.executor().execute("which", new Context()).get(30, TimeUnit.SECONDS)
                        .get("name").orElseThrow().asText());
            }
        }
    }
}
