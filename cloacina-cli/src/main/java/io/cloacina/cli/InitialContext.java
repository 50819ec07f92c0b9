package io.cloacina.cli;

import io.cloacina.context.Context;
import io.cloacina.context.ContextException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code --context} option: a JSON object given inline, as {@code @file}, or as {@code @-} (stdin). */
final class InitialContext {

    private InitialContext() {
    }

    static Context parse(String argument, InputStream stdin) {
        if (argument == null || argument.isBlank()) {
            return new Context();
        }
        String source = "--context";
        String json = argument;
        if (argument.startsWith("@")) {
            String name = argument.substring(1);
            try {
                if (name.equals("-")) {
                    source = "--context @- (standard input)";
                    json = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
                } else {
                    Path file = Path.of(name);
                    source = "--context file " + file;
                    json = Files.readString(file, StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                throw new UserError(ExitCodes.BAD_INPUT, "cannot read " + source + ": " + describe(e));
            }
        }
        try {
            return Context.fromJson(json);
        } catch (ContextException e) {
            throw new UserError(ExitCodes.BAD_INPUT, source + ": " + e.getMessage());
        }
    }

    private static String describe(IOException e) {
        return e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.toString();
    }
}
