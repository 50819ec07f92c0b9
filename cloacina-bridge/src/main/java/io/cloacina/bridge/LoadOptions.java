package io.cloacina.bridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloacina.context.ContextJson;
import io.cloacina.spi.PythonPackage;

import java.util.Map;
import java.util.TreeMap;

/**
 * The fourth argument of {@code cloaca._host.load_json}: what the bridge needs to know of a package beyond its
 * folders. {@code requires_python} is checked against the interpreter before anything is imported;
 * {@code log_level} and {@code log_budget} set up {@code cloaca._logs} ({@link PythonLogs}); {@code variables} carries the host's {@code CLOACINA_VAR_*} environment for {@code cloaca.var}, because a
 * sandboxed interpreter (GraalPy) does not see the process environment.
 *
 * @since 0.2
 */
public final class LoadOptions {

    /** The prefix of the environment variables {@code cloaca.var(name)} reads. */
    public static final String VARIABLE_PREFIX = "CLOACINA_VAR_";

    private LoadOptions() {
    }

    /** The options of {@code pkg}, as JSON text, with this process's {@code CLOACINA_VAR_*} variables. */
    public static String json(PythonPackage pkg) {
        return json(pkg, System.getenv());
    }

    static String json(PythonPackage pkg, Map<String, String> environment) {
        ObjectNode options = ContextJson.MAPPER.createObjectNode();
        if (pkg.requiresPython() != null) {
            options.put("requires_python", pkg.requiresPython());
        }
        // The finest level the host logs (records below it are not even made) and the per-execution budget.
        options.put("log_level", PythonLogs.pythonThreshold());
        options.put("log_budget", PythonLogs.budget());
        ObjectNode variables = options.putObject("variables");
        new TreeMap<>(environment).forEach((name, value) -> {
            if (name.startsWith(VARIABLE_PREFIX)) {
                variables.put(name, value);
            }
        });
        try {
            return ContextJson.MAPPER.writeValueAsString(options);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write load options", e);
        }
    }
}
