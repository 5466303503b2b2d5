package dev.gatehouse.dns.route53;

import dev.gatehouse.dns.Changes;
import dev.gatehouse.dns.DnsRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * Splits a zone's changes into ChangeResourceRecordSets requests that stay within Route 53's limits on one
 * request: how many resource records it holds and how many characters their values add up to, an UPSERT
 * counting twice. A record set's change is never split, so an update's DELETE and CREATE stay together and
 * the batch still fails as a whole when the set was changed by someone else.
 */
final class ChangeBatches {

    /**
     * @param maxRecords resource records per request
     * @param maxValueChars characters of values per request
     */
    record Limits(int maxRecords, int maxValueChars) {
    }

    /** What one request, or one record set's part of it, costs against the limits. */
    record Weight(int records, int valueChars) {

        Weight plus(Weight other) {
            return new Weight(records + other.records, valueChars + other.valueChars);
        }

        boolean fits(Limits limits) {
            return records <= limits.maxRecords() && valueChars <= limits.maxValueChars();
        }
    }

    private ChangeBatches() {
    }

    /**
     * The changes in order, cut into batches that each fit the limits. A record set's change that alone
     * exceeds them gets a batch of its own, for Route 53 to judge.
     *
     * @param toApi the API changes a {@link Changes} becomes, to weigh each record set's part
     */
    static List<Changes> split(Changes changes, Function<Changes, List<Change>> toApi, Limits limits) {
        List<Changes> batches = new ArrayList<>();
        List<Changes> current = new ArrayList<>();
        Weight used = new Weight(0, 0);
        for (Changes single : changes.singly()) {
            Weight weight = weigh(toApi.apply(single));
            if (!current.isEmpty() && !used.plus(weight).fits(limits)) {
                batches.add(merge(current));
                current = new ArrayList<>();
                used = new Weight(0, 0);
            }
            current.add(single);
            used = used.plus(weight);
        }
        if (!current.isEmpty()) {
            batches.add(merge(current));
        }
        return batches;
    }

    /** The cost of API changes as Route 53 counts it. */
    static Weight weigh(List<Change> changes) {
        Weight total = new Weight(0, 0);
        for (Change change : changes) {
            ResourceRecordSet set = change.resourceRecordSet();
            // An UPSERT is a DELETE and a CREATE to Route 53, so it counts twice.
            int times = change.action() == ChangeAction.UPSERT ? 2 : 1;
            Weight one;
            if (set.aliasTarget() != null) {
                // An alias holds no resource record; counting it as one keeps a batch of aliases bounded too.
                one = new Weight(1, set.aliasTarget().dnsName().length());
            } else {
                int chars = 0;
                for (ResourceRecord record : set.resourceRecords()) {
                    chars += record.value().length();
                }
                one = new Weight(set.resourceRecords().size(), chars);
            }
            total = total.plus(new Weight(one.records() * times, one.valueChars() * times));
        }
        return total;
    }

    private static Changes merge(List<Changes> singles) {
        List<DnsRecord> creates = new ArrayList<>();
        List<Changes.Update> updates = new ArrayList<>();
        List<DnsRecord> deletes = new ArrayList<>();
        for (Changes single : singles) {
            creates.addAll(single.creates());
            updates.addAll(single.updates());
            deletes.addAll(single.deletes());
        }
        return new Changes(creates, updates, deletes);
    }
}
