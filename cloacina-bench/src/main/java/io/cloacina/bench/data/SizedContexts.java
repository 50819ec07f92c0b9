package io.cloacina.bench.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloacina.bench.python.BenchFiles;
import io.cloacina.context.ContextJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A generated context of one size, as a tree for the JVM side and as a file for the Python side. */
public record SizedContexts(ContextSize size, ObjectNode tree, Path file) {

    public static SizedContexts of(String label) {
        ContextSize size = ContextSize.parse(label);
        ObjectNode tree = ContextData.ofSize(size.bytes());
        Path file = BenchFiles.get().data().resolve("context-" + label + ".json");
        try {
            if (!Files.exists(file)) {
                Files.write(file, ContextJson.MAPPER.writeValueAsBytes(tree));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the " + label + " context to " + file, e);
        }
        return new SizedContexts(size, tree, file);
    }
}
