package io.cloacina.tck;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Who guards the guards: the kit run against deliberately broken backends must fail them, each failure naming
 * the backend and saying what was wrong, and must skip what a backend does not claim, saying so.
 */
class CompatibilityKitSelfTest {

    /** Outcome of each kit test (by method name) in one run. */
    private record Run(Map<String, Event> finished, Map<String, String> skipped, List<Event> containers) {

        static Run of(Class<?> kit) {
            EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(kit)).execute();
            Map<String, Event> finished = new LinkedHashMap<>();
            results.testEvents().finished().stream().forEach(e -> finished.put(method(e.getTestDescriptor()), e));
            Map<String, String> skipped = new LinkedHashMap<>();
            results.testEvents().skipped().stream().forEach(e -> skipped.put(method(e.getTestDescriptor()),
                    e.getPayload(String.class).orElse("")));
            return new Run(finished, skipped, results.containerEvents().finished().list());
        }

        TestExecutionResult result(String method) {
            Event event = finished.get(method);
            assertTrue(event != null, "kit test " + method + " did not run; ran: " + finished.keySet());
            return event.getPayload(TestExecutionResult.class).orElseThrow();
        }

        String failureMessage(String method) {
            TestExecutionResult result = result(method);
            assertEquals(TestExecutionResult.Status.FAILED, result.getStatus(), "kit test " + method
                    + " should have failed against the broken backend, but was " + result);
            return result.getThrowable().map(Throwable::getMessage).orElse("");
        }

        /** The result of the kit class itself: its @AfterAll (closing, leaked threads) reports here. */
        TestExecutionResult kitResult(Class<?> kit) {
            Event event = containers.stream()
                    .filter(e -> e.getTestDescriptor().getSource().map(Object::toString).orElse("").contains(kit.getName())
                            && e.getTestDescriptor().getParent().map(p -> p.getParent().isEmpty()).orElse(false))
                    .findFirst().orElseThrow(() -> new AssertionError("no container event for " + kit + ": " + containers));
            return event.getPayload(TestExecutionResult.class).orElseThrow();
        }

        String abortReason(String method) {
            TestExecutionResult result = result(method);
            assertEquals(TestExecutionResult.Status.ABORTED, result.getStatus(), "kit test " + method
                    + " should have been skipped (aborted by an assumption), but was " + result);
            return result.getThrowable().map(Throwable::getMessage).orElse("");
        }

        private static String method(TestDescriptor descriptor) {
            return descriptor.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast)
                    .map(MethodSource::getMethodName).orElse(descriptor.getDisplayName());
        }
    }

    @Nested
    @DisplayName("a backend that runs no Python and claims every capability")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class BrokenBackend {

        private Run run;

        @BeforeAll
        void runKit() {
            run = Run.of(BrokenFakeKitRun.class);
        }

        @Test
        @DisplayName("passes only the usability check: every other kit test fails, naming the backend")
        void failsEverythingButUsability() {
            assertTrue(run.finished().size() >= 40, "the kit ran only " + run.finished().size() + " tests: "
                    + run.finished().keySet());
            assertEquals(TestExecutionResult.Status.SUCCESSFUL, run.result("required_runtimeIsUsable").getStatus());
            for (String method : run.finished().keySet()) {
                if (method.equals("required_runtimeIsUsable")) {
                    continue;
                }
                String message = run.failureMessage(method);
                assertTrue(message.contains("backend " + BrokenFakeRuntime.NAME), "kit test " + method
                        + " failed without naming the backend: " + message);
            }
            assertTrue(run.skipped().isEmpty(), "nothing should be skipped for a backend claiming everything: " + run.skipped());
        }

        @Test
        @DisplayName("says the backend is not registered with ServiceLoader, and how to register it")
        void serviceLoaderGuard() {
            String message = run.failureMessage("required_backendIsRegisteredWithServiceLoader");
            assertContains(message, "is not registered with ServiceLoader");
            assertContains(message, "META-INF/services/io.cloacina.spi.PythonRuntime");
        }

        @Test
        @DisplayName("says capabilities come out of order")
        void capabilityOrder() {
            assertContains(run.failureMessage("required_capabilitiesHaveAStableOrder"),
                    "capabilities() iterates out of Capability's declaration order");
        }

        @Test
        @DisplayName("says which tasks were discovered wrongly")
        void discovery() {
            assertContains(run.failureMessage("required_everyTaskIsDiscovered"), "tasks discovered in package tck-discovery");
            assertContains(run.failureMessage("required_moduleWithoutTasksLoadsEmpty"), "registers no task");
        }

        @Test
        @DisplayName("says a package that cannot be imported loaded anyway")
        void loadFailures() {
            assertContains(run.failureMessage("required_missingImportFailsLoad"),
                    "loading package tck-import_error should have failed");
            assertContains(run.failureMessage("required_duplicateTaskIdFailsLoad"),
                    "loading package tck-duplicate_id should have failed");
        }

        @Test
        @DisplayName("says which task returned what when the output is wrong")
        void wrongResults() {
            assertContains(run.failureMessage("required_nestedObjectsAndArrays"), "task mirror returned no 'seen'");
            assertContains(run.failureMessage("required_manyThreadsExactResults"), "task compute returned no 'result'");
            assertContains(run.failureMessage("required_nonJsonValueRejected"),
                    "task non_json_set should have failed, but returned");
        }

        @Test
        @DisplayName("says which error type was expected and which came")
        void wrongErrorTypes() {
            String keyError = run.failureMessage("required_keyError");
            assertContains(keyError, "task key_error");
            assertContains(keyError, "Context key error: ");
            assertContains(run.failureMessage("optional_crashIsIsolated"), "should fail with TaskError.WorkerCrashed");
        }

        @Test
        @DisplayName("does not hang on a backend that ignores timeouts, and says which task hung")
        void ignoredTimeouts() {
            assertContains(run.failureMessage("required_timeoutIsReported"), "task spin did not complete within");
            assertContains(run.failureMessage("optional_runawayTaskIsStoppedAtTimeout"), "task spin did not complete within");
        }

        @Test
        @DisplayName("says which threads the backend left running after close")
        void leftoverThreads() {
            TestExecutionResult result = run.kitResult(BrokenFakeKitRun.class);
            assertEquals(TestExecutionResult.Status.FAILED, result.getStatus(), "closing the kit should fail: " + result);
            String message = result.getThrowable().map(Throwable::getMessage).orElse("");
            assertContains(message, "backend broken-fake: closing failed: backend broken-fake: threads still alive after "
                    + "PythonRuntime.close(): [" + BrokenFakeRuntime.LEAKED_THREAD);
        }
    }

    @Nested
    @DisplayName("a backend that declares no capability")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class IncapableBackend {

        private Run run;

        @BeforeAll
        void runKit() {
            run = Run.of(IncapableFakeKitRun.class);
        }

        @Test
        @DisplayName("has every optional test skipped, naming the capability and what is left unverified")
        void optionalTestsSkipWithReason() {
            Map<String, String> expected = Map.of(
                    "optional_runawayTaskIsStoppedAtTimeout", "does not declare INTERRUPT_RUNNING_TASK",
                    "optional_cancelStopsRunningTask", "does not declare INTERRUPT_RUNNING_TASK",
                    "optional_crashIsIsolated", "does not declare CRASH_ISOLATION",
                    "optional_independentTasksOverlap", "does not declare PARALLEL_EXECUTION",
                    "optional_interpretersAreCounted", "does not count its interpreters");
            expected.forEach((method, reason) -> {
                String message = run.abortReason(method);
                assertContains(message, "backend " + BrokenFakeRuntime.NAME + " " + reason);
                assertContains(message, "is not verified");
            });
            Set<String> optional = Set.copyOf(run.finished().keySet().stream().filter(m -> m.startsWith("optional_")).toList());
            assertEquals(expected.keySet(), optional, "optional kit tests");
        }

        @Test
        @DisplayName("does not count a thread the backend declared it cannot stop as a leak")
        void declaredThreadIsForgiven() {
            TestExecutionResult result = run.kitResult(IncapableFakeKitRun.class);
            assertEquals(TestExecutionResult.Status.SUCCESSFUL, result.getStatus(), "closing the kit: " + result);
        }

        @Test
        @DisplayName("still fails the required tests")
        void requiredTestsStillFail() {
            assertContains(run.failureMessage("required_timeoutIsReported"), "backend broken-fake: task spin");
        }
    }

    @Nested
    @DisplayName("a backend that is not available here")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class UnavailableBackend {

        private Run run;

        @BeforeAll
        void runKit() {
            run = Run.of(UnavailableFakeKitRun.class);
        }

        @Test
        @DisplayName("fails the usability check with the backend's reason")
        void usabilityFailsWithReason() {
            String message = run.failureMessage("required_runtimeIsUsable");
            assertContains(message, "backend broken-fake is not available here");
            assertContains(message, UnavailableFakeKitRun.REASON);
        }

        @Test
        @DisplayName("skips everything else with the same reason instead of failing it")
        void everythingElseSkipped() {
            assertContains(run.abortReason("required_backendIsRegisteredWithServiceLoader"), UnavailableFakeKitRun.REASON);
            List<Event> aborted = run.containers().stream().filter(e -> e.getPayload(TestExecutionResult.class)
                    .map(r -> r.getStatus() == TestExecutionResult.Status.ABORTED).orElse(false)).toList();
            long areas = java.util.Arrays.stream(PythonRuntimeCompatibilityKit.class.getDeclaredClasses())
                    .filter(c -> c.isAnnotationPresent(Nested.class)).count();
            assertEquals(areas, aborted.size(), "every area of the kit should be skipped: " + aborted);
            for (Event area : aborted) {
                String reason = area.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                        .map(Throwable::getMessage).orElse("");
                assertContains(reason, UnavailableFakeKitRun.REASON);
            }
            assertFalse(run.finished().keySet().stream().anyMatch(m -> m.startsWith("optional_")),
                    "no area test should run for an unavailable backend");
        }
    }

    @Nested
    @DisplayName("a real backend that damages outputs the way a careless JSON layer would")
    class DamagingBackends {

        private String roundTripFailure(Class<?> kit) {
            EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                    .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedMethod(
                            List.of(kit), PythonRuntimeCompatibilityKit.ContextRoundTrips.class,
                            "required_nullsEmptiesAndKeyOrderSurvive"))
                    .execute();
            List<Event> finished = results.testEvents().finished().list();
            assertEquals(1, finished.size(), "the round-trip rule should have run once: " + finished);
            TestExecutionResult result = finished.get(0).getPayload(TestExecutionResult.class).orElseThrow();
            assertEquals(TestExecutionResult.Status.FAILED, result.getStatus(), "the kit passed a damaging backend");
            return result.getThrowable().map(Throwable::getMessage).orElse("");
        }

        @Test
        @DisplayName("one that drops null-valued keys fails, naming the key")
        void droppedNullsFail() {
            String message = roundTripFailure(DistortingRuntime.NullDroppingKitRun.class);
            assertContains(message, "backend " + BrokenFakeRuntime.NAME + ": task nulls_and_order: key 'zeta' is missing");
        }

        @Test
        @DisplayName("one that reorders keys fails, naming the first key out of place")
        void reorderedKeysFail() {
            String message = roundTripFailure(DistortingRuntime.KeyReorderingKitRun.class);
            assertContains(message, "output keys out of order");
            assertContains(message, "first out of place: key 'made_nested' at position 0 where key 'zeta' belongs");
        }
    }

    private static void assertContains(String text, String part) {
        assertTrue(text != null && text.contains(part), "expected '" + part + "' in: " + text);
    }

}
