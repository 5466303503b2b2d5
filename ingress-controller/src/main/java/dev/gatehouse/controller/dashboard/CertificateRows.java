package dev.gatehouse.controller.dashboard;

import dev.gatehouse.routing.TlsBinding;
import dev.gatehouse.routing.TlsCertificate;
import dev.gatehouse.tls.acme.Renewal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The certificates view: per host of the live snapshot, its Secret, issuer, names, expiry and days left, and the ACME
 * order state when Gatehouse orders it. A certificate is flagged as expiring below 21 days left, as operators expect,
 * except one that Gatehouse orders itself: short-lived ACME certificates always have few days left, so those are
 * flagged only once their renewal is overdue. No key, fingerprint or PEM is shown.
 */
final class CertificateRows {

    static final Duration WARN_BELOW = Duration.ofDays(21);

    private CertificateRows() {
    }

    /**
     * @param acmeStates the ACME order state by Secret ({@code namespace/name}), for the Secrets Gatehouse orders into
     */
    static List<Map<String, Object>> rows(List<TlsBinding> bindings, Map<String, String> acmeStates, Instant now) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (TlsBinding binding : bindings) {
            TlsCertificate certificate = binding.certificate();
            String acme = acmeStates.get(binding.secret());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("host", binding.host().toString());
            row.put("secret", binding.secret());
            row.put("issuer", issuer(certificate));
            row.put("names", certificate.hosts());
            row.put("notAfter", certificate.notAfter().toString());
            long daysLeft = Duration.between(now, certificate.notAfter()).toDays();
            row.put("daysLeft", daysLeft);
            boolean expiring = acme == null
                    ? Duration.between(now, certificate.notAfter()).compareTo(WARN_BELOW) < 0
                    : !now.isBefore(Renewal.dueAt(certificate.notBefore(), certificate.notAfter()));
            row.put("expiring", expiring);
            row.put("acme", acme);
            rows.add(row);
        }
        return rows;
    }

    /** The issuer's common name, or its whole name when it has none. */
    private static String issuer(TlsCertificate certificate) {
        String name = certificate.leaf().getIssuerX500Principal().getName();
        try {
            for (Rdn rdn : new LdapName(name).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            return name;
        }
        return name;
    }
}
