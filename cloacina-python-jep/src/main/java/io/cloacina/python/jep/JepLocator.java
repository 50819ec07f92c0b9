package io.cloacina.python.jep;

import io.cloacina.bridge.support.BackendConfig;
import com.fasterxml.jackson.databind.JsonNode;
import io.cloacina.context.ContextJson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds Jep's native library, the step Jep users most often trip over ({@code UnsatisfiedLinkError}).
 *
 * <p>An explicit setting wins: the system property {@value #LIBRARY_PROPERTY} or the environment variable
 * {@value #LIBRARY_ENV}. Otherwise the configured Python ({@value #PYTHON_PROPERTY}, {@value #PYTHON_ENV},
 * else {@code python3}) is asked where its {@code jep} package lives, without importing it (jep refuses to be
 * imported outside a JVM).
 */
final class JepLocator {

    static final String LIBRARY_PROPERTY = "cloacina.jep.library";
    static final String LIBRARY_ENV = "CLOACINA_JEP_LIBRARY";
    static final String PYTHON_PROPERTY = "cloacina.python.executable";
    static final String PYTHON_ENV = "CLOACINA_PYTHON";

    private static final List<String> LIBRARY_NAMES = List.of("libjep.so", "libjep.jnilib", "libjep.dylib", "jep.dll");
    private static final long PROBE_SECONDS = 30;
    private static final Pattern VERSION_LINE = Pattern.compile("__VERSION__\\s*=\\s*['\"]([^'\"]+)['\"]");

    // Prints what we need as one JSON line; find_spec locates the package without running its __init__.
    private static final String PROBE = String.join("\n",
            "import importlib.util, json, os, sys",
            "out = {'executable': sys.executable, 'jep_dir': None, 'jep_version': None}",
            "spec = importlib.util.find_spec('jep')",
            "if spec is not None and spec.submodule_search_locations:",
            "    out['jep_dir'] = list(spec.submodule_search_locations)[0]",
            // importlib.metadata costs ~30 ms to import; only asked when jep/version.py (read from Java) is absent.
            "    if not os.path.isfile(os.path.join(out['jep_dir'], 'version.py')):",
            "        try:",
            "            import importlib.metadata as md",
            "            out['jep_version'] = md.version('jep')",
            "        except Exception:",
            "            pass",
            "print(json.dumps(out))");

    private JepLocator() {
    }

    static String python(Properties properties, Map<String, String> env) {
        return BackendConfig.pythonExecutable(properties, env);
    }

    static JepLocation locate(Properties properties, Map<String, String> env) {
        String python = python(properties, env);
        Optional<BackendConfig.Setting> explicit = BackendConfig.of("jep", properties, env).raw("library");
        if (explicit.isPresent()) {
            return explicit(Path.of(explicit.get().value()), explicit.get().source(), python);
        }
        return probed(python);
    }

    private static JepLocation explicit(Path library, String source, String python) {
        if (!Files.isRegularFile(library)) {
            return JepLocation.missing(source + " names " + library + ", which is not a file; point it at Jep's "
                    + "native library (libjep.so inside the installed jep package)");
        }
        // The executable is still worth knowing; a failing probe is no reason to ignore an explicit setting.
        JsonNode probe = runProbe(python).orElse(null);
        String executable = probe == null ? null : text(probe, "executable");
        return JepLocation.found(new JepInstallation(library.toAbsolutePath(), versionNextTo(library), executable,
                library.toAbsolutePath().getParent().getParent(), python));
    }

    private static JepLocation probed(String python) {
        String install = "run: " + JepVersions.pipInstallLine(python) + " (or set " + LIBRARY_PROPERTY + " / "
                + LIBRARY_ENV + " to the path of libjep.so)";
        var outcome = runProbe(python);
        if (outcome.isEmpty()) {
            return JepLocation.missing("could not run '" + python + "' to find Jep (set " + PYTHON_PROPERTY + " or "
                    + PYTHON_ENV + " to a Python 3 executable); " + install);
        }
        JsonNode probe = outcome.get();
        String jepDir = text(probe, "jep_dir");
        if (jepDir == null) {
            return JepLocation.missing("the jep Python package is not installed for " + python + " ("
                    + text(probe, "executable") + ")"
                    + "; " + install);
        }
        Path dir = Path.of(jepDir);
        Path library = LIBRARY_NAMES.stream().map(dir::resolve).filter(Files::isRegularFile).findFirst().orElse(null);
        if (library == null) {
            return JepLocation.missing("the jep package in " + dir + " has no native library (libjep.so); "
                    + "reinstall it: " + install);
        }
        String version = versionNextTo(library);
        if (version == null) {
            version = text(probe, "jep_version");
        }
        return JepLocation.found(new JepInstallation(library, version, text(probe, "executable"), dir.getParent(),
                python));
    }

    private static Optional<JsonNode> runProbe(String python) {
        Process process = null;
        Path output = null;
        try {
            // Output goes to a file so that a hung Python cannot block us past the timeout.
            output = JepScratch.newFile("probe-", ".json");
            process = new ProcessBuilder(python, "-c", PROBE).redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            process.getOutputStream().close();
            if (!process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return Optional.empty();
            }
            return Optional.of(ContextJson.MAPPER.readTree(Files.readString(output, StandardCharsets.UTF_8).trim()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }

    /** {@code jep/version.py} sits next to the library in every pip install. */
    private static String versionNextTo(Path library) {
        Path versionFile = library.toAbsolutePath().getParent().resolve("version.py");
        try {
            Matcher m = VERSION_LINE.matcher(Files.readString(versionFile));
            return m.find() ? m.group(1) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
