package io.cloacina.bench.python;

/** The CPython every baseline and backend benchmark uses: {@code $CLOACINA_PYTHON}, else {@code python3}. */
public final class PythonCommand {

    private PythonCommand() {
    }

    public static String executable() {
        String configured = System.getenv("CLOACINA_PYTHON");
        return configured == null || configured.isBlank() ? "python3" : configured;
    }
}
