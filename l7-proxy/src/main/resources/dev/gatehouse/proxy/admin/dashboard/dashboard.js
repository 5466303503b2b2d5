// The Gatehouse dashboard: polls the admin port's JSON views and renders the one on screen. Every value goes into
// the page as text (textContent), never as markup, so nothing an object carries can run here.
"use strict";

const POLL_MS = 2000;
const VIEWS = {
  overview: ["overview", "status"],
  hosts: ["hosts", "origins", "gateway"],
  clusters: ["clusters"],
  certificates: ["certificates"],
  problems: ["problems"],
  sync: ["sync"],
};
const data = {};
const sorting = {};
let current = "overview";
let query = "";

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value; else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function num(value, digits) {
  if (value === null || value === undefined) return "–";
  return Number(value).toFixed(digits === undefined ? 2 : digits);
}

function ago(iso) {
  if (!iso) return "never";
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (seconds < 90) return seconds + " s ago";
  if (seconds < 5400) return Math.round(seconds / 60) + " min ago";
  return Math.round(seconds / 3600) + " h ago";
}

function badge(state, text) {
  return el("span", {class: "state " + state}, text || state);
}

async function fetchJson(name) {
  const response = await fetch("/api/v1/" + name, {cache: "no-store", credentials: "same-origin"});
  if (response.status === 404) return null;
  if (!response.ok) throw new Error("/api/v1/" + name + " answered " + response.status);
  return response.json();
}

async function refresh() {
  const names = new Set(VIEWS[current].concat(["problems"]));
  try {
    const results = await Promise.all([...names].map(name => fetchJson(name).then(value => [name, value])));
    for (const [name, value] of results) data[name] = value;
    document.getElementById("updated").textContent = "updated " + new Date().toLocaleTimeString();
    document.getElementById("updated").classList.remove("error");
  } catch (e) {
    document.getElementById("updated").textContent = "update failed: " + e.message;
    document.getElementById("updated").classList.add("error");
  }
  const problems = data.problems && data.problems.problems ? data.problems.problems.length : 0;
  document.getElementById("problem-count").textContent = problems ? String(problems) : "";
  render();
}

function render() {
  const started = performance.now();
  const section = document.getElementById("view-" + current);
  const renderer = {overview, hosts, clusters, certificates, problems, sync}[current];
  section.replaceChildren(...renderer());
  // how long building the view took, for the browser tests' budget at 1,000 hosts
  window.lastRenderMillis = performance.now() - started;
}

function matches(...texts) {
  if (!query) return true;
  return texts.some(text => text && String(text).toLowerCase().includes(query));
}

// columns: [{label, value(row) for sorting, cell(row) node or text, num}]; rows: array of objects
function table(id, columns, rows, groupOf) {
  const sort = sorting[id];
  let ordered = rows;
  if (sort) {
    const column = columns[sort.column];
    ordered = rows.slice().sort((a, b) => {
      const x = column.value(a), y = column.value(b);
      const c = x === y ? 0 : x === null || x === undefined ? 1 : y === null || y === undefined ? -1 : x < y ? -1 : 1;
      return sort.dir === "asc" ? c : -c;
    });
  }
  const head = el("tr", {}, columns.map((column, index) => {
    const th = el("th", {"data-dir": sort && sort.column === index ? sort.dir : null}, column.label);
    th.addEventListener("click", () => {
      const same = sorting[id] && sorting[id].column === index;
      sorting[id] = {column: index, dir: same && sorting[id].dir === "asc" ? "desc" : "asc"};
      render();
    });
    return th;
  }));
  const body = el("tbody");
  let group;
  for (const row of ordered) {
    if (groupOf && !sort && groupOf(row) !== group) {
      group = groupOf(row);
      body.append(el("tr", {class: "host"}, el("td", {colspan: columns.length}, group)));
    }
    body.append(el("tr", {}, columns.map(column =>
      el("td", {class: column.num ? "num" : null}, column.cell ? column.cell(row) : column.value(row)))));
  }
  return el("table", {id}, el("thead", {}, head), body);
}

function missing(what) {
  return [el("p", {class: "muted"}, what + " is not available from this Gatehouse.")];
}

function overview() {
  const o = data.overview, s = data.status;
  if (!o) return missing("The overview");
  const t = o.traffic;
  const cards = el("div", {class: "cards"},
    el("div", {class: "card", id: "card-version"}, el("b", {}, o.gatehouse), "version"),
    el("div", {class: "card", id: "card-snapshot"}, el("b", {}, "v" + o.snapshot.version), "snapshot, applied " + ago(o.snapshot.appliedAt)),
    el("div", {class: "card", id: "card-rps"}, el("b", {}, num(t.requestsPerSecond)), "requests/s (last minute)"),
    el("div", {class: "card", id: "card-4xx"}, el("b", {class: t.clientErrorsPerSecond > 0 ? "warn" : null}, num(t.clientErrorsPerSecond)), "4xx/s"),
    el("div", {class: "card", id: "card-5xx"}, el("b", {class: t.serverErrorsPerSecond > 0 ? "bad" : null}, num(t.serverErrorsPerSecond)), "5xx/s"),
    el("div", {class: "card", id: "card-warnings"}, el("b", {class: s && s.problems ? "bad" : null}, s ? s.problems : "–"), "problems"),
    el("div", {class: "card", id: "card-leader"}, el("b", {}, s ? (s.leader ? "leader" : "follower") : "–"), s ? s.mode : ""),
    el("div", {class: "card"}, el("b", {}, o.ready ? "ready" : "not ready"),
      o.openConnections + (o.openConnections === 1 ? " open connection" : " open connections")));
  const c = o.counts;
  const counts = el("p", {id: "counts"}, c.virtualHosts + " virtual hosts, " + c.routes + " routes, " + c.clusters
    + " clusters, " + c.endpointsAvailable + " of " + c.endpoints + " endpoints available, " + c.certificates + " certificates");
  const sources = s ? table("sources", [
    {label: "Source", value: r => r.name},
    {label: "Detail", value: r => r.detail},
    {label: "State", value: r => r.stale, cell: r => r.stale ? badge("bad", "stale " + Math.round(r.staleSeconds) + " s") : badge("ok", "current")},
  ], s.sources) : el("p", {class: "muted"}, "No controller status.");
  const listeners = table("listeners", [
    {label: "Listener", value: r => r.name},
    {label: "Address", value: r => r.address},
  ], o.listeners);
  return [cards, counts, el("h2", {}, "Sources"), sources, el("h2", {}, "Listeners"), listeners];
}

function originOf(route) {
  const owner = route.name.split(" ")[0];
  const kind = data.origins && data.origins[owner];
  return (kind || "") + " " + owner;
}

function describe(route) {
  if (route.forward) {
    let text = "→ " + route.forward;
    if (route.canary) text += " (canary " + route.canary + " " + route.canaryWeight + ")";
    return text;
  }
  if (route.redirect) return "redirect " + route.redirect;
  if (route.directResponse) return "answers " + route.directResponse;
  return "";
}

function filters(route) {
  if (!route.filters) return "";
  return Object.entries(route.filters).map(([key, value]) => {
    if (value === true) return key;
    if (Array.isArray(value)) return key + ": " + value.join(", ");
    if (typeof value === "object") return key + ": " + Object.entries(value)
      .map(([k, v]) => k + " " + (Array.isArray(v) ? v.join(", ") : v)).join("; ");
    return key + ": " + value;
  }).join(" · ");
}

function hosts() {
  const h = data.hosts;
  if (!h) return missing("The hosts view");
  const rows = [];
  for (const host of h.virtualHosts) {
    const hostMatches = matches(host.host);
    host.routes.forEach((route, index) => {
      if (hostMatches || matches(route.name, route.path, route.forward, originOf(route))) {
        rows.push(Object.assign({host: host.host, order: index + 1}, route));
      }
    });
  }
  const shown = new Set(rows.map(r => r.host)).size;
  return [el("p", {id: "hosts-shown", class: "muted"}, shown + " of " + h.virtualHosts.length + " hosts, " + rows.length + " routes"),
    table("routes", [
      {label: "Host", value: r => r.host},
      {label: "#", value: r => r.order, num: true},
      {label: "Match", value: r => r.pathType + " " + r.path},
      {label: "From", value: r => originOf(r)},
      {label: "Action", value: r => describe(r)},
      {label: "Checks and changes", value: r => filters(r)},
      {label: "req/s", value: r => r.lastMinute.requestsPerSecond, cell: r => num(r.lastMinute.requestsPerSecond), num: true},
      {label: "4xx/s", value: r => r.lastMinute.clientErrorsPerSecond, cell: r => num(r.lastMinute.clientErrorsPerSecond), num: true},
      {label: "5xx/s", value: r => r.lastMinute.serverErrorsPerSecond,
        cell: r => el("span", {class: r.lastMinute.serverErrorsPerSecond > 0 ? "bad" : null}, num(r.lastMinute.serverErrorsPerSecond)), num: true},
      {label: "p50 ms", value: r => r.lastMinute.p50Millis, cell: r => num(r.lastMinute.p50Millis, 1), num: true},
      {label: "p99 ms", value: r => r.lastMinute.p99Millis, cell: r => num(r.lastMinute.p99Millis, 1), num: true},
    ], rows, r => r.host), ...gatewayConditions()];
}

// Conflicted is the one condition type whose True is bad
function conditionState(c) {
  const good = c.type === "Conflicted" ? c.status === "False" : c.status === "True";
  return badge(good ? "ok" : "bad", c.status);
}

function gatewayConditions() {
  const g = data.gateway;
  if (!g) return [];
  const rows = [];
  const add = (object, part, conditions) => conditions.forEach(c => {
    if (matches(object, part, c.type, c.reason, c.message)) rows.push(Object.assign({object: object, part: part}, c));
  });
  g.gatewayClasses.forEach(c => add("GatewayClass " + c.name, "", c.conditions));
  g.gateways.forEach(gw => {
    const name = "Gateway " + gw.namespace + "/" + gw.name;
    add(name, "", gw.conditions);
    gw.listeners.forEach(l => add(name, "listener " + l.name + " (" + l.attachedRoutes + " routes)", l.conditions));
  });
  g.routes.forEach(r => r.parents.forEach(p => add(r.kind + " " + r.namespace + "/" + r.name,
    "parent " + p.gateway + (p.sectionName ? " section " + p.sectionName : "") + (p.port ? " port " + p.port : ""), p.conditions)));
  if (!g.gatewayClasses.length && !g.gateways.length && !g.routes.length) return [];
  return [el("h2", {}, "Gateway API conditions"),
    table("gateway-conditions", [
      {label: "Object", value: r => r.object},
      {label: "Part", value: r => r.part},
      {label: "Condition", value: r => r.type},
      {label: "Status", value: r => r.status, cell: r => conditionState(r)},
      {label: "Reason", value: r => r.reason},
      {label: "Message", value: r => r.message},
    ], rows, r => r.object)];
}

function clusters() {
  const c = data.clusters;
  if (!c) return missing("The clusters view");
  const rows = [];
  const panics = [];
  for (const cluster of c.clusters) {
    if (cluster.panic && matches(cluster.name)) panics.push(cluster.name);
    const clusterMatches = matches(cluster.name);
    for (const endpoint of cluster.endpoints) {
      if (clusterMatches || matches(endpoint.address, endpoint.state)) {
        rows.push(Object.assign({cluster: cluster.name, panic: cluster.panic, check: cluster.healthCheck}, endpoint));
      }
    }
  }
  const state = r => {
    const parts = [badge(r.state)];
    if (r.ejectedUntil) {
      const until = new Date(r.ejectedUntil).toLocaleTimeString();
      parts.push(r.state === "ejected" ? " until " + until : " (and ejected until " + until + ")");
    }
    return parts;
  };
  const lastCheck = r => r.lastCheck
    ? el("span", {class: r.lastCheck.passed ? "ok" : "bad"}, r.lastCheck.result + ", " + ago(r.lastCheck.at))
    : el("span", {class: "muted"}, r.check ? "not yet" : "no active check");
  return [
    panics.length ? el("p", {id: "panic", class: "bad"}, "Panic mode (no endpoint available, requests go to all): " + panics.join(", ")) : null,
    el("p", {id: "endpoints-shown", class: "muted"}, rows.length + " endpoints"),
    table("endpoints", [
      {label: "Cluster", value: r => r.cluster, cell: r => r.panic ? [r.cluster, " ", badge("panic", "panic")] : r.cluster},
      {label: "Endpoint", value: r => r.address},
      {label: "State", value: r => r.state, cell: state},
      {label: "Last check", value: r => r.lastCheck ? r.lastCheck.at : null, cell: lastCheck},
      {label: "Weight", value: r => r.weight, num: true},
      {label: "In flight", value: r => r.inFlight, cell: r => r.inFlight === null ? "–" : r.inFlight, num: true},
      {label: "req/s", value: r => r.lastMinute.requestsPerSecond, cell: r => num(r.lastMinute.requestsPerSecond), num: true},
      {label: "Errors", value: r => r.lastMinute.errorRatio,
        cell: r => el("span", {class: r.lastMinute.errorRatio > 0 ? "bad" : null}, num(r.lastMinute.errorRatio * 100, 1) + " %"), num: true},
      {label: "p50 ms", value: r => r.lastMinute.p50Millis, cell: r => num(r.lastMinute.p50Millis, 1), num: true},
      {label: "p99 ms", value: r => r.lastMinute.p99Millis, cell: r => num(r.lastMinute.p99Millis, 1), num: true},
    ], rows, r => r.cluster)];
}

function certificates() {
  const c = data.certificates;
  if (!c) return missing("The certificates view");
  const rows = c.certificates.filter(r => matches(r.host, r.secret, r.names.join(" ")));
  return [table("certificates", [
    {label: "Host", value: r => r.host},
    {label: "Secret", value: r => r.secret},
    {label: "Issuer", value: r => r.issuer},
    {label: "Names", value: r => r.names.join(", ")},
    {label: "Not after", value: r => r.notAfter},
    {label: "Days left", value: r => r.daysLeft, num: true,
      cell: r => el("span", {class: r.daysLeft < 0 ? "bad" : r.expiring ? "warn" : null}, r.daysLeft)},
    {label: "ACME", value: r => r.acme || "", cell: r => r.acme || el("span", {class: "muted"}, "not ordered by Gatehouse")},
  ], rows)];
}

function problems() {
  const p = data.problems;
  if (!p) return missing("The problems view");
  const rows = p.problems.filter(r => matches(r.kind, r.namespace, r.name, r.reason, r.message));
  if (!p.problems.length) return [el("p", {id: "no-problems", class: "ok"}, "No problems: every rule is in the live snapshot.")];
  return [table("problems", [
    {label: "Since", value: r => r.since, cell: r => ago(r.since)},
    {label: "Object", value: r => r.kind + " " + r.namespace + "/" + r.name},
    {label: "Reason", value: r => r.reason},
    {label: "Message", value: r => r.message},
  ], rows)];
}

function sync() {
  const s = data.sync;
  if (!s || (!s.dns && !s.loadBalancers)) {
    return [el("p", {class: "muted", id: "no-sync"}, "Neither --dns-provider nor --cloud is on: nothing is synced.")];
  }
  const parts = [];
  if (s.dns) {
    parts.push(el("h2", {}, "DNS"), el("p", {id: "dns-state", class: s.dns.error ? "bad" : null},
      s.dns.provider + ": last run " + ago(s.dns.lastRun) + (s.dns.error ? ", failed: " + s.dns.error : "")),
      el("p", {id: "dns-plan-at", class: "muted"}, s.dns.planAt
        ? "The last changes, planned " + ago(s.dns.planAt) + ":" : "No run has planned a change yet."));
    parts.push(table("dns-plan", [
      {label: "Zone", value: r => r.zone},
      {label: "Change", value: r => r.change},
      {label: "Record", value: r => r.record},
      {label: "Targets", value: r => r.targets},
      {label: "For", value: r => r.resource},
      {label: "Reason", value: r => r.reason || ""},
    ], s.dns.plan.filter(r => matches(r.zone, r.record, r.change))));
  }
  if (s.loadBalancers) {
    parts.push(el("h2", {}, "Load balancers"), table("load-balancers", [
      {label: "Service", value: r => r.service},
      {label: "Address", value: r => r.address},
      {label: "Last operation", value: r => r.lastOperation,
        cell: r => el("span", {class: r.lastOperation.startsWith("failed") ? "bad" : null}, r.lastOperation)},
      {label: "When", value: r => r.at, cell: r => ago(r.at)},
    ], s.loadBalancers.filter(r => matches(r.service, r.address))));
  }
  return parts;
}

function show(view) {
  current = VIEWS[view] ? view : "overview";
  for (const section of document.querySelectorAll(".view")) section.hidden = section.id !== "view-" + current;
  for (const link of document.querySelectorAll("#tabs a")) link.classList.toggle("active", link.dataset.view === current);
  refresh();
}

// typing renders once it pauses, not once per key: a view of a thousand hosts takes a moment to build
let typing;
document.getElementById("search").addEventListener("input", event => {
  clearTimeout(typing);
  typing = setTimeout(() => {
    query = event.target.value.trim().toLowerCase();
    render();
  }, 150);
});
window.addEventListener("hashchange", () => show(location.hash.slice(1)));
show(location.hash.slice(1));
setInterval(refresh, POLL_MS);
