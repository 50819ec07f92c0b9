package io.cloacina.python.jep;

import io.cloacina.context.Context;
import io.cloacina.spi.PythonPackage;
import io.cloacina.spi.LoadedPackage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** C extensions in sub-interpreters: the standard library's always, numpy when it is installed. */
class JepNativeExtensionTest {

    private static JepRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = JepBackend.availableRuntime();
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void standardLibraryCExtensionsWorkInSeveralPackagesAndAfterReloads(@TempDir Path dir) throws Exception {
        String source = String.join("\n",
                "import decimal, sqlite3, struct, zlib",
                "from cloaca import task",
                "@task(id='native')",
                "def native(ctx):",
                "    db = sqlite3.connect(':memory:')",
                "    total = db.execute('select 40 + 2').fetchone()[0]",
                "    db.close()",
                "    packed = zlib.decompress(zlib.compress(struct.pack('<i', total)))",
                "    return {'total': struct.unpack('<i', packed)[0], 'd': str(decimal.Decimal('1.10') * 3)}");
        for (int round = 0; round < 3; round++) {
            try (LoadedPackage a = runtime.load(TestPackages.single(dir.resolve("a" + round), "native-a", source));
                 LoadedPackage b = runtime.load(TestPackages.single(dir.resolve("b" + round), "native-b", source))) {
                for (LoadedPackage loaded : new LoadedPackage[]{a, b}) {
                    Context out = loaded.executor().execute("native", new Context()).get(30, TimeUnit.SECONDS);
                    assertEquals(42, out.get("total").orElseThrow().asInt());
                    assertEquals("3.30", out.get("d").orElseThrow().asText());
                }
            }
        }
    }

    @Test
    void numpyWorksInTwoPackagesAtOnceAndAfterReloadsWhenInstalled(@TempDir Path dir) throws Exception {
        assumeTrue(pythonHasNumpy(), "numpy is not installed for "
                + JepLocator.python(System.getProperties(), System.getenv()) + ": nothing to test");
        String source = String.join("\n",
                "import numpy as np",
                "from cloaca import task",
                "@task(id='sum')",
                "def total(ctx):",
                "    return {'sum': int(np.arange(ctx['n']).sum())}");
        for (int round = 0; round < 3; round++) {
            PythonPackage first = TestPackages.single(dir.resolve("a" + round), "np-a", source);
            PythonPackage second = TestPackages.single(dir.resolve("b" + round), "np-b", source);
            try (LoadedPackage a = runtime.load(first); LoadedPackage b = runtime.load(second)) {
                assertEquals(45, a.executor().execute("sum", new Context().set("n", 10)).get(30, TimeUnit.SECONDS)
                        .get("sum").orElseThrow().asInt());
                assertEquals(4950, b.executor().execute("sum", new Context().set("n", 100)).get(30, TimeUnit.SECONDS)
                        .get("sum").orElseThrow().asInt());
            }
        }
    }

    private static boolean pythonHasNumpy() throws Exception {
        Process probe = new ProcessBuilder(JepLocator.python(System.getProperties(), System.getenv()), "-c",
                "import numpy").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!probe.waitFor(60, TimeUnit.SECONDS)) {
            probe.destroyForcibly();
            return false;
        }
        return probe.exitValue() == 0;
    }
}
