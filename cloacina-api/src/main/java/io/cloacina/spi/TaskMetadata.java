package io.cloacina.spi;

import java.util.Objects;

/**
 * What a task declares beyond its id and dependencies, as {@code @cloaca.task(...)} gives it.
 *
 * @param workflow    the workflow it was declared in ({@code with WorkflowBuilder(...)}), or {@code null} for the
 *                    package's own workflow (its module-level tasks; see {@link PythonPackage#workflowName()})
 * @param retryPolicy the policy it declares, or {@code null} when it declares none (the package format's
 *                    default then applies: {@link PackageFormat#defaultRetryPolicy()})
 * @param triggerRule when it runs once its dependencies have finished
 * @param onSuccess   whether it has an {@code on_success} callback
 * @param onFailure   whether it has an {@code on_failure} callback
 * @param wantsHandle whether its second parameter is a {@code handle} ({@code TaskHandle})
 *
 * @since 0.2
 */
public record TaskMetadata(String workflow, RetryPolicy retryPolicy, TriggerRule triggerRule, boolean onSuccess,
                           boolean onFailure, boolean wantsHandle) {

    /** A task of the package's own workflow that declares nothing else. */
    public static final TaskMetadata NONE = new TaskMetadata(null, null, TriggerRule.ALWAYS, false, false, false);

    public TaskMetadata {
        Objects.requireNonNull(triggerRule, "triggerRule");
    }

    /** The policy that applies: the declared one, else {@code format}'s default. */
    public RetryPolicy retryPolicyOr(PackageFormat format) {
        return retryPolicy != null ? retryPolicy : format.defaultRetryPolicy();
    }
}
