package io.cloacina.cli;

import io.cloacina.context.Context;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitialContextTest {

    private static final InputStream NO_STDIN = InputStream.nullInputStream();

    private static InputStream stdin(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void absent_means_an_empty_context() {
        assertTrue(InitialContext.parse(null, NO_STDIN).isEmpty());
    }

    @Test
    void inline_json_object() {
        assertEquals(Context.fromJson("{\"a\":1,\"b\":[true]}"), InitialContext.parse("{\"a\":1,\"b\":[true]}", NO_STDIN));
    }

    @Test
    void from_a_file(@TempDir Path temp) throws Exception {
        Path file = Files.writeString(temp.resolve("ctx.json"), "{\"day\": \"2024-05-01\"}");
        assertEquals(Context.fromJson("{\"day\":\"2024-05-01\"}"), InitialContext.parse("@" + file, NO_STDIN));
    }

    @Test
    void from_stdin() {
        assertEquals(Context.fromJson("{\"x\":2}"), InitialContext.parse("@-", stdin("{\"x\": 2}\n")));
    }

    @Test
    void a_file_that_is_not_an_object_names_the_file(@TempDir Path temp) throws Exception {
        Path file = Files.writeString(temp.resolve("list.json"), "[1, 2]");
        UserError error = assertThrows(UserError.class, () -> InitialContext.parse("@" + file, NO_STDIN));
        assertEquals(ExitCodes.BAD_INPUT, error.exitCode());
        assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("must be a JSON object"), error.getMessage());
    }

    @Test
    void malformed_stdin_says_so() {
        UserError error = assertThrows(UserError.class, () -> InitialContext.parse("@-", stdin("{oops")));
        assertTrue(error.getMessage().startsWith("--context @- (standard input): Context JSON is malformed"),
                error.getMessage());
    }
}
