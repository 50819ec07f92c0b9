"""A trigger that fires once, and a run that waits until the test opens the gate (a file named by
CLOACINA_VAR_GATE). The trigger remembers it fired in a file beside the gate, not in a module global: a package
can be polled in any of its interpreters (subprocess workers)."""
import os
import time

import cloaca


@cloaca.task(id="wait_for_gate")
def wait_for_gate(context):
    gate = context["gate"]
    deadline = time.time() + 120
    while not os.path.exists(gate) and time.time() < deadline:
        time.sleep(0.05)
    context["released"] = os.path.exists(gate)
    return context


@cloaca.trigger(name="gate_watch", on="gated", poll_interval="100ms")
def gate_watch():
    gate = cloaca.var("GATE")
    marker = gate + ".fired"
    if os.path.exists(marker):
        return cloaca.TriggerResult.skip()
    open(marker, "w").close()
    return cloaca.TriggerResult.fire(cloaca.Context({"gate": gate}))
