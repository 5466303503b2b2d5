package dev.gatehouse.dns.route53;

import dev.gatehouse.dns.Changes;
import dev.gatehouse.dns.DnsConflictException;
import dev.gatehouse.dns.DnsException;
import dev.gatehouse.dns.Zone;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.InvalidInputException;

/**
 * Route 53's refusals of a change batch for what is in it (rather than for throttling or an outage), and
 * what they mean for the sync: a record to delete that is gone or holds other values, or a record to
 * create that is already there, means the zone changed since it was read.
 */
final class Rejections {

    /** One record set's change that Route 53 refused, with its reason. */
    record Rejected(String change, String message) {

        boolean isConflict() {
            return Rejections.isConflict(message);
        }

        @Override
        public String toString() {
            return change + ": " + message;
        }
    }

    private static final Set<String> REJECTION_CODES = Set.of("InvalidChangeBatch", "InvalidInput");

    /** Phrases of Route 53's messages when the zone no longer holds what the change was planned against. */
    private static final List<String> CONFLICT_PHRASES = List.of(
            "but it was not found",
            "values provided do not match the current values",
            "but it already exists");

    private Rejections() {
    }

    /** Whether the batch was refused for its content, so that sending its record sets one by one may help. */
    static boolean isRejection(AwsServiceException e) {
        return e instanceof InvalidChangeBatchException || e instanceof InvalidInputException
                || (e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
                        && REJECTION_CODES.contains(e.awsErrorDetails().errorCode()));
    }

    /**
     * Route 53's reason, as it words it: for InvalidChangeBatch a bracketed list with one entry per refused
     * change, such as {@code [Tried to delete resource record set [name='www.example.com.', type='A'] but it
     * was not found]}.
     */
    static String message(AwsServiceException e) {
        String message = e.awsErrorDetails() != null ? e.awsErrorDetails().errorMessage() : null;
        return message != null ? message : e.getMessage();
    }

    static boolean isConflict(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        return CONFLICT_PHRASES.stream().anyMatch(lower::contains);
    }

    /** How a record set's change reads in an error: {@code update www.example.com 300 A 1.2.3.4 -> ...}. */
    static String describe(Changes single) {
        if (!single.deletes().isEmpty()) {
            return "delete " + single.deletes().get(0);
        }
        if (!single.updates().isEmpty()) {
            Changes.Update update = single.updates().get(0);
            return "update " + update.from() + " -> " + update.to();
        }
        return "create " + single.creates().get(0);
    }

    /**
     * The exception for refused changes: a {@link DnsConflictException} when any of them found the zone
     * changed, since the caller's answer to that is to read the zone again, which also retries the rest.
     */
    static DnsException exception(Zone zone, int total, List<Rejected> rejected) {
        String list = rejected.stream().map(Rejected::toString).collect(Collectors.joining("; "));
        if (rejected.stream().anyMatch(Rejected::isConflict)) {
            return new DnsConflictException("route53 zone " + zone.name() + " (" + zone.id()
                    + ") changed since it was read: " + rejected.size() + " of " + total
                    + " record set changes refused: " + list);
        }
        return new DnsException("route53 zone " + zone.name() + " (" + zone.id() + "): " + rejected.size() + " of "
                + total + " record set changes refused: " + list);
    }
}
