/**
 * The workflow runner: runs all the tasks of a loaded package in dependency order, concurrently where the
 * graph allows, with Cloacina's context-flow rule, fail-fast, per-task timeouts and cancellation. See
 * {@link io.cloacina.runner.WorkflowRunner} for the rules and {@link io.cloacina.runner.ContextMerge} for
 * the merge.
 */
package io.cloacina.runner;
