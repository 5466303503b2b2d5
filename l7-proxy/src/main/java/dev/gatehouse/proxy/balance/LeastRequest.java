package dev.gatehouse.proxy.balance;

import java.util.concurrent.ThreadLocalRandom;

/**
 * "Power of two choices": of {@code choices} distinct members picked at random, the one with the fewest
 * requests in flight per unit of weight. Close to the best choice at the cost of a few reads, and without
 * the herd effect of always picking the global minimum.
 */
public final class LeastRequest implements EndpointSelector {

    private final Member[] members;
    private final int choices;

    public LeastRequest(Member[] members, int choices) {
        this.members = members;
        this.choices = choices;
    }

    @Override
    public Choice select(SelectionRequest request, long now) {
        int count = members.length;
        if (count == 0) {
            return null;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int picks = Math.min(choices, count);
        int[] picked = new int[picks];
        Member best = null;
        for (int p = 0; p < picks; p++) {
            int index;
            do {
                index = random.nextInt(count);
            } while (contains(picked, p, index));
            picked[p] = index;
            Member candidate = members[index];
            if (!request.tried(candidate) && candidate.health().available(now)
                    && (best == null || load(candidate) < load(best))) {
                best = candidate;
            }
        }
        return best != null ? new Choice(best, false) : EndpointSelector.scan(members, random.nextInt(count), request, now);
    }

    private static boolean contains(int[] values, int length, int value) {
        for (int i = 0; i < length; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }

    private static double load(Member member) {
        return (double) member.health().inFlight() / member.weight();
    }
}
