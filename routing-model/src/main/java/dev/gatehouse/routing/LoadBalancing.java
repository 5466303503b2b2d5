package dev.gatehouse.routing;

/** How a cluster picks the endpoint of each request. */
public sealed interface LoadBalancing permits LoadBalancing.RoundRobin, LoadBalancing.LeastRequest, LoadBalancing.ConsistentHash {

    /** The default: endpoints in turn, each as often as its weight says. */
    LoadBalancing ROUND_ROBIN = new RoundRobin();

    /** Endpoints in turn, weighted (nginx's smooth weighted round robin). */
    record RoundRobin() implements LoadBalancing {
    }

    /**
     * The less loaded of {@code choices} endpoints picked at random ("power of two choices" when 2),
     * load being requests in flight divided by weight.
     */
    record LeastRequest(int choices) implements LoadBalancing {
        public LeastRequest {
            if (choices < 2) {
                throw new IllegalArgumentException("least-request needs at least 2 choices, not " + choices);
            }
        }
    }

    /** The same key always reaches the same endpoint while the endpoints stay the same (Maglev). */
    record ConsistentHash(HashKey key) implements LoadBalancing {
        public ConsistentHash {
            if (key == null) {
                throw new IllegalArgumentException("consistent hashing needs a key");
            }
        }
    }
}
