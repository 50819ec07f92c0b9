package io.cloacina.bridge;

/**
 * A Python exception attached to a forwarded {@code logging} record ({@code exc_info}): its frames are this
 * throwable's stack trace (module as class, function as method, file and line), so any SLF4J binding prints the
 * Python traceback where it prints a Java one. {@link #toString()} reads like Python's last traceback line
 * ({@code ValueError: boom}); {@link #pythonTraceback()} is Python's own formatting, chained exceptions included.
 *
 * @since 0.3
 */
public final class PythonException extends RuntimeException {

    private final String pythonType;
    private final String pythonMessage;
    private final String pythonTraceback;

    public PythonException(String pythonType, String pythonMessage, StackTraceElement[] frames, String pythonTraceback,
                           PythonException cause) {
        super(pythonMessage.isEmpty() ? pythonType : pythonType + ": " + pythonMessage, cause, false, true);
        this.pythonType = pythonType;
        this.pythonMessage = pythonMessage;
        this.pythonTraceback = pythonTraceback == null ? "" : pythonTraceback;
        setStackTrace(frames);
    }

    /** The qualified Python type ({@code ValueError}, {@code mypkg.errors.Broken}). */
    public String pythonType() {
        return pythonType;
    }

    /** {@code str(exception)}. */
    public String pythonMessage() {
        return pythonMessage;
    }

    /** Python's {@code traceback.format_exception} text ({@code ""} for a cause, whose text is in its effect's). */
    public String pythonTraceback() {
        return pythonTraceback;
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
