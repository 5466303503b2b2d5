package dev.gatehouse.cloudlb.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.policy.HttpPipelineSyncPolicy;
import com.azure.core.util.Context;

/**
 * Makes a write conditional: the network SDK's methods take no {@code If-Match} argument, so the ETag
 * rides in the call's {@link Context} and this policy puts it on the request.
 *
 * <p>Only PUT and DELETE get the header. A long-running write polls its status with GETs under the same
 * context, and those must not be conditional on the ETag the write itself has just replaced.
 */
final class ConditionalWritePolicy extends HttpPipelineSyncPolicy {

    private static final String IF_MATCH = "gatehouse.if-match";
    private static final String IF_NONE_MATCH = "gatehouse.if-none-match";
    private static final String ANY = "*";

    /** Writes only if the resource still has {@code etag}; without one, unconditionally. */
    static Context ifMatch(String etag) {
        return etag == null ? Context.NONE : Context.NONE.addData(IF_MATCH, etag);
    }

    /** Creates only if nobody made the resource meanwhile. */
    static Context ifAbsent() {
        return Context.NONE.addData(IF_NONE_MATCH, ANY);
    }

    @Override
    protected void beforeSendingRequest(HttpPipelineCallContext context) {
        HttpRequest request = context.getHttpRequest();
        if (request.getHttpMethod() != HttpMethod.PUT && request.getHttpMethod() != HttpMethod.DELETE) {
            return;
        }
        context.getData(IF_MATCH).ifPresent(etag -> request.setHeader(HttpHeaderName.IF_MATCH, etag.toString()));
        context.getData(IF_NONE_MATCH).ifPresent(any -> request.setHeader(HttpHeaderName.IF_NONE_MATCH, any.toString()));
    }
}
