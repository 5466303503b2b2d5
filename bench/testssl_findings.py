#!/usr/bin/env python3
"""Reads the flat JSON files of two testssl.sh runs (Gatehouse's, then a peer's), checks the required TLS
posture of each, and prints the verdict; writes the side-by-side table of every finding as Markdown.

Usage: testssl_findings.py GATEHOUSE_JSON PEER_JSON TABLE_MD

Exits 1 when Gatehouse has a finding rated worse than OK (LOW, MEDIUM, HIGH, CRITICAL) or fails a required
check; the peer's findings are reported, never judged.
"""
import json
import re
import sys

WORSE_THAN_OK = ("LOW", "MEDIUM", "HIGH", "CRITICAL")
# ids whose finding is different on every run by nature (times, serials, fingerprints): their rows show "(varies)"
VOLATILE = re.compile(r"^(scanTime|cert_serialNumber|cert_fingerprint|cert_notBefore|cert_notAfter|cert_validityPeriod"
                      r"|cert_expirationStatus|cert_crlDistributionPoints|cert_certificatePolicies_EV|pre_128cipher"
                      r"|TLS_timestamp|HTTP_clock_skew|HTTP_headerTime|clientsimulation-.*time|cert$|DROWN_hint)")


def load(path):
    with open(path, encoding="utf-8") as f:
        findings = json.load(f)
    # testssl writes a finding per id once; the order of the file is the order of its checks
    return {f["id"]: f for f in findings}


def required(findings):
    """The checks the issue names, as (name, passed, why) triples, read from testssl's findings."""
    checks = []

    def finding(fid):
        return findings.get(fid, {}).get("finding", "(not tested)")

    for proto, name in (("SSLv2", "SSLv2"), ("SSLv3", "SSLv3"), ("TLS1", "TLS 1.0"), ("TLS1_1", "TLS 1.1")):
        checks.append((f"no {name}", finding(proto).startswith("not offered"), finding(proto)))
    offered = [f["finding"] for fid, f in findings.items() if fid.startswith("cipher-")]
    cbc = [c.split()[-1] for c in offered if "_CBC_" in c]
    rsa_kx = [c.split()[-1] for c in offered if re.search(r"\bTLS_RSA_", c)]
    checks.append(("the cipher suites were enumerated (-E)", bool(offered), f"{len(offered)} offered"))
    checks.append(("no CBC suites", not cbc, ", ".join(cbc) or "none offered"))
    checks.append(("no RSA key-exchange suites", not rsa_kx, ", ".join(rsa_kx) or "none offered"))
    for fid, name in (("secure_renego", "secure renegotiation (RFC 5746) or none"),
                      ("secure_client_renego", "no client-initiated renegotiation")):
        f = findings.get(fid)
        checks.append((name, f is not None and f["severity"] == "OK", finding(fid)))
    ticket = findings.get("TLS_session_ticket")
    checks.append(("session tickets absent, or their keys rotated within a day",
                   ticket is not None and ticket["severity"] in ("OK", "INFO"), finding("TLS_session_ticket")))
    ticketbleed = findings.get("ticketbleed")
    checks.append(("no Ticketbleed", ticketbleed is not None and ticketbleed["severity"] == "OK", finding("ticketbleed")))
    return checks


def cell(f, fid):
    if f is None:
        return "—"
    text = "(varies)" if VOLATILE.match(fid) else f["finding"]
    text = re.sub(r"\s+", " ", text).replace("|", "\\|")
    return f"**{f['severity']}** {text}"


def main(gatehouse_path, peer_path, table_path):
    gatehouse, peer = load(gatehouse_path), load(peer_path)
    failed = False
    for name, findings, judged in (("Gatehouse", gatehouse, True), ("nginx", peer, False)):
        print(f"\n{name}: required checks")
        for check, passed, why in required(findings):
            print(f"  {'ok  ' if passed else 'FAIL'} {check}: {why}")
            failed |= judged and not passed
        worse = [f for f in findings.values() if f["severity"] in WORSE_THAN_OK]
        print(f"{name}: {len(worse)} finding(s) rated worse than OK")
        for f in worse:
            print(f"  {f['severity']:8} {f['id']}: {f['finding']}")
        failed |= judged and bool(worse)
        for severity in ("WARN", "INFO"):
            listed = [f["id"] for f in findings.values() if f["severity"] == severity]
            grouped = [fid for fid in listed if fid.startswith(("cipher-", "clientsimulation-"))]
            print(f"{name}: {len(listed)} {severity}: " + ", ".join(fid for fid in listed if fid not in grouped)
                  + (f" and {len(grouped)} cipher-* and clientsimulation-* entries" if grouped else ""))

    ids = list(gatehouse) + [fid for fid in peer if fid not in gatehouse]
    with open(table_path, "w", encoding="utf-8") as out:
        out.write("| testssl.sh id | Gatehouse | nginx, ingress-nginx's defaults |\n|---|---|---|\n")
        for fid in ids:
            out.write(f"| `{fid}` | {cell(gatehouse.get(fid), fid)} | {cell(peer.get(fid), fid)} |\n")
    print(f"\n{'FAILED' if failed else 'PASSED'}: Gatehouse's TLS posture"
          f"{' (see the FAIL lines and the findings worse than OK above)' if failed else ''}")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
