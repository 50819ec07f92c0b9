package io.cloacina.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code serve} refusing what it cannot serve, in-process. Serving itself, with its signals, is tested on the real
 * launcher (CliServeProcessTest): in-process, the test JVM's own Ctrl-C handling would be taken over.
 */
class CliServeTest {

    @TempDir
    Path temp;

    @BeforeEach
    void needsPython() {
        Cli.assumeSubprocessBackend();
    }

    private Path pkg(String name, String source) throws IOException {
        Path root = temp.resolve(name);
        Files.createDirectories(root.resolve("workflow"));
        Files.writeString(root.resolve("manifest.json"), """
                {"format_version": "2", "language": "python",
                 "package": {"name": "%s", "version": "1.0.0"},
                 "python": {"entry_module": "%s_tasks"}}""".formatted(name, name));
        Files.writeString(root.resolve("workflow").resolve(name + "_tasks.py"), source);
        return root;
    }

    @Test
    void a_package_without_triggers_exits_2_saying_so() {
        Cli.Result result = Cli.run("serve", Cli.example("etl"));
        assertEquals(2, result.code(), result::toString);
        assertTrue(result.err().contains("declares no triggers"), result::toString);
        assertTrue(result.err().contains("cloacina run"), result::toString);
        assertEquals("", result.out(), result::toString);
    }

    @Test
    void one_package_without_triggers_among_several_is_refused_too() {
        Cli.Result result = Cli.run("serve", Cli.pkg("gated"), Cli.example("etl"));
        assertEquals(2, result.code(), result::toString);
        assertTrue(result.err().contains("etl declares no triggers"), result::toString);
    }

    @Test
    void an_unreadable_cron_expression_exits_2_naming_the_trigger() throws IOException {
        Path bad = pkg("badcron", """
                import cloaca

                @cloaca.task(id="work")
                def work(context):
                    return context

                @cloaca.trigger(name="nightly", on="badcron", cron="0 25 * * *")
                def nightly():
                    return True
                """);
        Cli.Result result = Cli.run("serve", bad.toString());
        assertEquals(2, result.code(), result::toString);
        assertTrue(result.err().contains("cannot serve: trigger 'nightly' of package 'badcron': cron expression "
                + "'0 25 * * *' cannot be read"), result::toString);
        assertFalse(result.err().contains("\tat "), result::toString);
    }

    @Test
    void a_trigger_starting_an_unknown_workflow_exits_2() throws IOException {
        Path bad = pkg("nowhere", """
                import cloaca

                @cloaca.task(id="work")
                def work(context):
                    return context

                @cloaca.trigger(name="lost", on="elsewhere", poll_interval="1s")
                def lost():
                    return True
                """);
        Cli.Result result = Cli.run("serve", bad.toString());
        assertEquals(2, result.code(), result::toString);
        assertTrue(result.err().contains("trigger 'lost' of package 'nowhere' starts workflow 'elsewhere'"),
                result::toString);
    }

    @Test
    void without_a_package_it_is_a_usage_error_and_the_help_says_a_stop_exits_0() {
        Cli.Result none = Cli.run("serve");
        assertEquals(2, none.code(), none::toString);
        assertTrue(none.err().contains("PACKAGE"), none::toString);
        Cli.Result help = Cli.run("serve", "--help");
        assertEquals(0, help.code(), help::toString);
        String text = help.out().replaceAll("\\s+", " ");
        assertTrue(text.contains("a requested stop is a normal end"), help::toString);
        assertTrue(text.contains("--grace"), help::toString);
        assertTrue(text.contains("0 stopped by Ctrl-C or SIGTERM"), help::toString);
    }
}
