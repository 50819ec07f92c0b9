package io.cloacina.python.subprocess;

import io.cloacina.spi.PythonPackage;

import java.nio.file.Path;
import java.util.Map;

/** The package most tests run: one task per behaviour under test. */
final class DemoPackage {

    static final String TASKS = """
            import asyncio
            import os
            import subprocess
            import sys
            import threading
            import time

            from cloaca import task


            @task(id="double")
            def double(context):
                context["n"] = context["n"] * 2


            @task(id="inspect", dependencies=["double"])
            def inspect_values(context):
                # Computed in Python, so the test sees what Python received, not just an echo.
                context["big_plus_one"] = context["big"] + 1
                context["big_type"] = type(context["big"]).__name__
                context["text_code_points"] = len(context["text"])
                context["text_reversed"] = context["text"][::-1]


            @task(id="chatty")
            def chatty(context):
                print("hello from print", "\\u2713\\U0001F600")
                print("to stderr", file=sys.stderr)
                os.write(1, b"\\x00\\x00\\x00\\x10{\\"type\\":\\"result\\"} C-level write\\n")
                print("x" * 100000)
                sys.stdout.write("partial line without newline")
                os.write(2, b"C-level stderr, last thing the task does\\n")
                context["ok"] = True


            @task(id="reads_stdin")
            def reads_stdin(context):
                context["stdin"] = sys.stdin.read()


            @task(id="exit3")
            def exit3(context):
                os._exit(3)


            @task(id="segfault")
            def segfault(context):
                import ctypes
                ctypes.string_at(0)


            @task(id="sleep")
            def sleep(context):
                if "pid_file" in context:
                    with open(context["pid_file"] + ".tmp", "w") as f:
                        f.write(str(os.getpid()))
                    os.replace(context["pid_file"] + ".tmp", context["pid_file"])
                time.sleep(context.get("seconds", 60))
                context["slept"] = True


            @task(id="native_spin")
            def native_spin(context):
                import re
                with open(context["pid_file"], "w") as f:
                    f.write(str(os.getpid()))
                # Catastrophic backtracking: minutes inside the C regex engine, holding the GIL throughout.
                context["matched"] = re.match(r"(a+)+$", "a" * 40 + "b") is not None


            @task(id="spawn_child")
            def spawn_child(context):
                child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
                context["child_pid"] = child.pid
                context["worker_pid"] = os.getpid()


            @task(id="interval")
            def interval(context):
                # Marks its own start, then waits (bounded) for its partner's: two tasks that really run at the
                # same time both see each other; run one after the other, the first gives up at the deadline.
                start = time.time()
                open(os.path.join(context["dir"], context["me"]), "w").close()
                deadline = start + context.get("patience", 60)
                partner = os.path.join(context["dir"], context["partner"])
                while not os.path.exists(partner) and time.time() < deadline:
                    time.sleep(0.01)
                context["start"] = start
                context["end"] = time.time()
                context["pid"] = os.getpid()


            @task(id="fails")
            def fails(context):
                raise ValueError("bad order " + str(context.get("order")))


            @task(id="missing_key")
            def missing_key(context):
                return {"value": context["nope"]}


            @task(id="pid")
            def pid(context):
                context["pid"] = os.getpid()


            @task(id="async_sum")
            async def async_sum(context):
                await asyncio.sleep(0)
                return {"sum": sum(context["values"])}


            @task(id="prints_later")
            def prints_later(context):
                # Output written while no request runs: only the worker's pump thread can forward it.
                def later():
                    time.sleep(0.2)
                    print("printed after the task returned", flush=True)
                    os.write(1, b"C-level write after the task returned\\n")
                threading.Thread(target=later, daemon=True).start()
            """;

    private DemoPackage() {
    }

    static PythonPackage write(Path root) {
        return TestPackages.write(root, "demo", "demo.tasks", Map.of("demo/__init__.py", "", "demo/tasks.py", TASKS));
    }
}
