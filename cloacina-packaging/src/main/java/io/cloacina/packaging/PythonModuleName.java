package io.cloacina.packaging;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks dotted Python module names and maps them to the files Python would import them from. */
final class PythonModuleName {

    // ASCII identifiers only: a package's module must map to a file name the same way on every file system.
    private static final Pattern PART = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    // Keywords cannot be imported with an import statement, so a module named after one is a mistake.
    private static final Set<String> KEYWORDS = Set.of(
            "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
            "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
            "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield");

    private PythonModuleName() {
    }

    /** Why {@code name} is not a valid dotted module name, or {@code null} when it is. */
    static String problemWith(String name) {
        if (name.isEmpty()) {
            return "must not be empty";
        }
        for (String part : name.split("\\.", -1)) {
            if (!PART.matcher(part).matches()) {
                return "'" + name + "' is not a dotted Python module name (each part must be an ASCII identifier)";
            }
            if (KEYWORDS.contains(part)) {
                return "'" + name + "' is not importable: '" + part + "' is a Python keyword";
            }
        }
        return null;
    }

    /** The two relative file paths Python may import {@code name} from: {@code a/b.py}, {@code a/b/__init__.py}. */
    static List<String> candidateFiles(String name) {
        String base = name.replace('.', '/');
        return List.of(base + ".py", base + "/__init__.py");
    }
}
