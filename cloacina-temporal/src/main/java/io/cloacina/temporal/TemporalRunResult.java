package io.cloacina.temporal;

import io.cloacina.runner.WorkflowResult;

import java.util.List;
import java.util.Map;

/**
 * A finished run on Temporal: the same {@link WorkflowResult} as a local run (final context, per-task outcomes,
 * every attempt's error), the Temporal workflow id, and where each attempt ran.
 *
 * @param placements task id to its attempts in order: which worker ran each, and how many times Temporal handed it
 *                   to a worker (above 1 when a worker was lost under it)
 * @since 0.3
 */
public record TemporalRunResult(String workflowId, WorkflowResult result, Map<String, List<Placement>> placements) {

    /**
     * @param worker     the identity of the worker that reported the attempt's end, {@code null} when none did
     * @param deliveries how many times Temporal handed this attempt to a worker
     */
    public record Placement(int attempt, String worker, int deliveries) {
    }

    public TemporalRunResult {
        placements = Map.copyOf(placements);
    }
}
