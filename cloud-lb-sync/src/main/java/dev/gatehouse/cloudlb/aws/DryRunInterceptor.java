package dev.gatehouse.cloudlb.aws;

import dev.gatehouse.cloudlb.DryRunWrite;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** In a dry run, lets the Describe calls through and stops the first write before it is sent. */
final class DryRunInterceptor implements ExecutionInterceptor {

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        if (operation == null || !operation.startsWith("Describe")) {
            throw new DryRunWrite(String.valueOf(operation));
        }
    }
}
