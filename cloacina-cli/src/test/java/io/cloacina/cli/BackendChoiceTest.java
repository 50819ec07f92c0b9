package io.cloacina.cli;

import io.cloacina.spi.PythonRuntime;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class BackendChoiceTest {

    private static Optional<BackendChoice.Wish> early(String... args) {
        return BackendChoice.earlyWish(args);
    }

    private static Optional<BackendChoice.Wish> wish(String backend) {
        return Optional.of(new BackendChoice.Wish(backend));
    }

    @Test
    void the_backend_is_read_from_the_raw_arguments_as_picocli_will_read_them() {
        assertEquals(wish(null), early("run", "pkg"));
        assertEquals(wish("jep"), early("run", "pkg", "--backend", "jep"));
        assertEquals(wish("graal"), early("tasks", "--backend=graal", "pkg"));
        assertEquals(wish("subprocess"), early("worker", "--temporal", "h:7233", "--backend", "subprocess", "p"));
        assertEquals(wish(null), early("serve", "pkg", "--", "--backend", "jep"));
    }

    @Test
    void commands_that_choose_no_backend_start_nothing() {
        assertEquals(Optional.empty(), early());
        assertEquals(Optional.empty(), early("package", "src"));
        assertEquals(Optional.empty(), early("backends"));
        assertEquals(Optional.empty(), early("run", "--help"));
        assertEquals(Optional.empty(), early("run", "pkg", "--temporal", "localhost:7233"));
        assertEquals(Optional.empty(), early("run", "pkg", "--temporal=localhost:7233"));
    }

    @Test
    void a_command_takes_the_early_choice_only_when_it_wants_the_same_backend() {
        BackendChoice early = BackendChoice.startEarly(new String[] {"run", "--backend", "subprocess", "pkg"});
        assertNotNull(early);
        BackendChoice claimed = BackendChoice.start("subprocess");
        assertSame(early, claimed);
        PythonRuntime runtime = claimed.runtime();
        assertEquals("subprocess", runtime.name());
        runtime.close();

        // Another spelling is another wish as far as the early choice knows (the selection itself ignores case).
        BackendChoice other = BackendChoice.startEarly(new String[] {"run", "--backend", "subprocess", "pkg"});
        BackendChoice fresh = BackendChoice.start("SUBPROCESS");
        assertNotSame(other, fresh); // the early one was abandoned: it closes its runtime once chosen
        BackendChoice again = BackendChoice.start("subprocess");
        assertNotSame(other, again, "an abandoned choice is never handed out");
        fresh.runtime().close();
        again.runtime().close();
        BackendChoice.abandonEarly();
    }
}
