package dev.gatehouse.proxy.balance;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Endpoints in turn, each as often as its weight, interleaved the way nginx's smooth weighted round robin
 * interleaves them (weights 5,1,1 give a a b a c a a, not a a a a a b c). The order is computed once per
 * snapshot; a request costs one atomic increment.
 */
final class WeightedRoundRobin implements EndpointSelector {

    private static final int MAX_SCHEDULE = 65536;

    private final Member[] schedule;
    private final AtomicInteger next = new AtomicInteger();

    WeightedRoundRobin(Member[] members) {
        this.schedule = schedule(members);
    }

    @Override
    public Choice select(SelectionRequest request, long now) {
        if (schedule.length == 0) {
            return null;
        }
        int start = Math.floorMod(next.getAndIncrement(), schedule.length);
        Member first = schedule[start];
        if (!request.tried(first) && first.health().available(now)) {
            return new Choice(first, false);
        }
        return EndpointSelector.scan(schedule, start, request, now);
    }

    private static Member[] schedule(Member[] members) {
        int[] weights = new int[members.length];
        long total = 0;
        int divisor = 0;
        for (int i = 0; i < members.length; i++) {
            weights[i] = members[i].weight();
            divisor = gcd(divisor, weights[i]);
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= Math.max(divisor, 1);
            total += weights[i];
        }
        if (total > MAX_SCHEDULE) {
            double scale = (double) MAX_SCHEDULE / total;
            total = 0;
            for (int i = 0; i < weights.length; i++) {
                weights[i] = Math.max(1, (int) (weights[i] * scale));
                total += weights[i];
            }
        }
        Member[] order = new Member[(int) total];
        long[] current = new long[weights.length];
        for (int step = 0; step < order.length; step++) {
            int best = 0;
            for (int i = 0; i < weights.length; i++) {
                current[i] += weights[i];
                if (current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= total;
            order[step] = members[best];
        }
        return order;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
