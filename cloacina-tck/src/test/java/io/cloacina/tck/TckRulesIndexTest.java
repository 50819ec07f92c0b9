package io.cloacina.tck;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/tck-rules.md lists every rule of the kit: a rule added without its entry fails here, naming it. */
class TckRulesIndexTest {

    @Test
    void everyKitTestHasAnEntryInTheRulesIndex() throws IOException {
        Path index = Path.of("").toAbsolutePath().resolveSibling("docs").resolve("tck-rules.md");
        String text = Files.readString(index);
        List<String> missing = new ArrayList<>();
        List<Class<?>> classes = new ArrayList<>(List.of(PythonRuntimeCompatibilityKit.class));
        classes.addAll(List.of(PythonRuntimeCompatibilityKit.class.getDeclaredClasses()));
        int rules = 0;
        for (Class<?> type : classes) {
            for (Method method : type.getDeclaredMethods()) {
                String name = method.getName();
                if (name.startsWith("required_") || name.startsWith("optional_")) {
                    rules++;
                    if (!text.contains("`" + name + "`")) {
                        missing.add(type.getSimpleName() + "." + name);
                    }
                }
            }
        }
        assertTrue(rules > 50, "found only " + rules + " rules in the kit");
        assertTrue(missing.isEmpty(), "rules without an entry in " + index + ": " + missing);
    }
}
