package dev.gatehouse.controller.cli;

import dev.gatehouse.controller.migrate.GatewayDrafts;
import dev.gatehouse.controller.migrate.HttpRouteConversion;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.util.List;

/**
 * migrate-check's Gateway API section: per Ingress, the HTTPRoutes it would be and what they would not carry; with
 * {@code --httproutes}, the HTTPRoutes and their Gateways as YAML documents, the notes as comments.
 */
final class HttpRoutesReport {

    private HttpRoutesReport() {
    }

    static void print(List<Ingress> ingresses, List<Service> services, String gateway, String gatewayClass, boolean yaml,
                      PrintWriter out) {
        GatewayDrafts drafts = new GatewayDrafts(gateway, gatewayClass);
        List<HttpRouteConversion> conversions = ingresses.stream().map(ingress -> {
            drafts.add(ingress);
            return HttpRouteConversion.of(ingress, services, gateway);
        }).toList();
        out.printf("%nGateway API (Gateway \"%s\" of class \"%s\" in each namespace%s):%n", gateway, gatewayClass,
                yaml ? "" : "; --httproutes prints them as YAML");
        for (HttpRouteConversion conversion : conversions) {
            out.printf("%s would be HTTPRoute %s%s%n", conversion.ingress(),
                    conversion.routes().isEmpty() ? "(none: no rule has a backend it can name)"
                            : String.join(", ", conversion.routes().stream().map(HttpRoutesReport::name).toList()),
                    conversion.notes().isEmpty() ? "" : "; not carried: " + conversion.notes().size());
            conversion.notes().forEach(note -> out.printf("  %s%n", note));
        }
        if (!yaml) {
            return;
        }
        for (HasMetadata draft : drafts.gateways()) {
            document(draft, out);
        }
        for (HttpRouteConversion conversion : conversions) {
            for (HasMetadata route : conversion.routes()) {
                out.printf("# from Ingress %s%n", conversion.ingress());
                document(route, out);
            }
        }
    }

    private static String name(HasMetadata object) {
        return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    }

    private static void document(HasMetadata object, PrintWriter out) {
        String text = Serialization.asYaml(object);
        out.print(text.startsWith("---") ? text : "---\n" + text);
        if (!text.endsWith("\n")) {
            out.println();
        }
    }
}
