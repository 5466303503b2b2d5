package dev.gatehouse.controller.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StatusOnlyChangeTest {

    private static final HTTPRoute ROUTE = new HTTPRouteBuilder()
            .withNewMetadata().withName("web").withNamespace("default").withGeneration(3L).withResourceVersion("10").endMetadata()
            .withNewSpec().withHostnames("web.example").addNewParentRef().withName("edge").endParentRef().endSpec().build();

    @Test
    void aRouteWhoseStatusAloneWasWrittenStartsNoRebuild() {
        HTTPRoute written = new HTTPRouteBuilder(ROUTE).editMetadata().withResourceVersion("11").endMetadata()
                .withNewStatus().addNewParent().withControllerName("gatehouse.dev/gateway-controller").endParent().endStatus().build();
        AtomicInteger rebuilds = new AtomicInteger();

        new OnAnyChange<HTTPRoute>(rebuilds::incrementAndGet).onUpdate(ROUTE, written);

        assertThat(rebuilds).hasValue(0);
    }

    @Test
    void aChangedSpecLabelAnnotationGenerationOrDeletionStillCounts() {
        assertThat(StatusOnlyChange.of(ROUTE, new HTTPRouteBuilder(ROUTE).editSpec().withHostnames("other.example").endSpec().build()))
                .isFalse();
        assertThat(StatusOnlyChange.of(ROUTE, new HTTPRouteBuilder(ROUTE).editMetadata().addToLabels("team", "a").endMetadata().build()))
                .isFalse();
        assertThat(StatusOnlyChange.of(ROUTE, new HTTPRouteBuilder(ROUTE).editMetadata().addToAnnotations("a", "b").endMetadata().build()))
                .isFalse();
        assertThat(StatusOnlyChange.of(ROUTE, new HTTPRouteBuilder(ROUTE).editMetadata().withGeneration(4L).endMetadata().build()))
                .isFalse();
        assertThat(StatusOnlyChange.of(ROUTE, new HTTPRouteBuilder(ROUTE).editMetadata()
                .withDeletionTimestamp("2026-12-07T00:00:00Z").endMetadata().build())).isFalse();
    }

    @Test
    void aGatewaysStatusAddressesCountBecauseTheDnsSyncPublishesItsRoutesAtThem() {
        var gateway = new GatewayBuilder().withNewMetadata().withName("edge").endMetadata().withNewSpec().endSpec()
                .withNewStatus().addNewListener().withName("http").withAttachedRoutes(1).endListener().endStatus().build();
        AtomicInteger rebuilds = new AtomicInteger();

        new OnAnyChange<>(rebuilds::incrementAndGet).onUpdate(gateway, new GatewayBuilder(gateway).editStatus()
                .addNewAddress().withType("IPAddress").withValue("203.0.113.10").endAddress().endStatus().build());

        assertThat(rebuilds).hasValue(1);
        assertThat(StatusOnlyChange.of(gateway, new GatewayBuilder(gateway).editStatus().editFirstListener().withAttachedRoutes(2)
                .endListener().endStatus().build())).isTrue();
    }

    @Test
    void otherKindsAlwaysCountAsAChange() {
        var ingress = new IngressBuilder().withNewMetadata().withName("web").endMetadata().build();
        var gateway = new GatewayBuilder().withNewMetadata().withName("edge").endMetadata().withNewSpec().endSpec().build();
        AtomicInteger rebuilds = new AtomicInteger();

        new OnAnyChange<>(rebuilds::incrementAndGet).onUpdate(ingress, new IngressBuilder(ingress).withNewStatus().endStatus().build());

        assertThat(rebuilds).hasValue(1);
        assertThat(StatusOnlyChange.of(gateway, new GatewayBuilder(gateway).withNewStatus().endStatus().build())).isTrue();
        assertThat(StatusOnlyChange.of(ingress, gateway)).isFalse();
    }
}
