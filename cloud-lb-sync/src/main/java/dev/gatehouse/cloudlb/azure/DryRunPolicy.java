package dev.gatehouse.cloudlb.azure;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import dev.gatehouse.cloudlb.DryRunWrite;
import reactor.core.publisher.Mono;

/** In a dry run, lets reads through and stops the first write before it is sent. */
final class DryRunPolicy implements HttpPipelinePolicy {

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        HttpMethod method = context.getHttpRequest().getHttpMethod();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
            return next.process();
        }
        return Mono.error(new DryRunWrite(method + " " + context.getHttpRequest().getUrl().getPath()));
    }
}
