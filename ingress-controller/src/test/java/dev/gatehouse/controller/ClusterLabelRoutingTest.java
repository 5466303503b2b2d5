package dev.gatehouse.controller;

import dev.gatehouse.controller.runtime.Gatehouse;
import dev.gatehouse.controller.testing.Manifests;
import dev.gatehouse.controller.testing.MockCluster;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.proxy.ProxyServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.HashMap;
import java.util.Map;

/** The marathon-lb keys, Gatehouse watching fabric8's mock API server, the objects created through the API. */
class ClusterLabelRoutingTest extends LabelRoutingContract {

    private final Map<String, String> added = new HashMap<>();
    private MockCluster cluster;
    private Gatehouse gatehouse;

    @Override
    ProxyServer start(String objects, TranslatorSettings translator) {
        cluster = MockCluster.start();
        create(objects);
        gatehouse = cluster.gatehouse("replica-1", translator);
        return gatehouse.proxy();
    }

    @Override
    void add(String name, String yaml) {
        added.put(name, yaml);
        create(yaml);
    }

    @Override
    void remove(String name) {
        for (HasMetadata object : Manifests.objects(added.remove(name))) {
            cluster.admin().resource(object).delete();
        }
    }

    @Override
    void stop() {
        if (gatehouse != null) {
            gatehouse.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private void create(String yaml) {
        for (HasMetadata object : Manifests.objects(yaml)) {
            cluster.admin().resource(object).create();
        }
    }
}
