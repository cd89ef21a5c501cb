"use strict";
// The dashboard's pages: one document, a page per #hash, data from the JSON API under api/.
const state = {csrf: null, readOnly: false, page: null, timer: null, failedBefore: 0, failedNext: 0,
  batchOffset: 0};
const POLL_MS = 2000;

const $ = (sel, root = document) => root.querySelector(sel);
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("data-")) node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(c ?? ""));
  return node;
};
const num = (n) => Number(n).toLocaleString();
const ago = (s) => s < 0 ? "–" : s < 60 ? s + "s" : s < 3600 ? Math.floor(s / 60) + "m" : Math.floor(s / 3600) + "h";
const when = (iso) => iso ? new Date(iso).toLocaleString() : "";

async function api(path, options = {}) {
  const res = await fetch("api/" + path, options);
  if (res.status === 401) { location.href = "login"; throw new Error("logged out"); }
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}
const post = (path) => api(path, {method: "POST", headers: {"X-CSRF-Token": state.csrf}});

function notice(text, kind = "ok") {
  const n = $("#notice");
  n.textContent = text;
  n.className = "notice " + kind;
  n.hidden = false;
  clearTimeout(notice.t);
  notice.t = setTimeout(() => { n.hidden = true; }, 4000);
}

// A destructive button asks once more: the first click arms it, the second acts.
function twoStep(label, action) {
  const b = el("button", {class: "danger small " + label.toLowerCase(), textContent: label});
  b.addEventListener("click", async () => {
    if (!b.dataset.armed) { b.dataset.armed = "1"; b.textContent = "Sure?"; return; }
    b.disabled = true;
    try { await action(); } catch (e) { notice(e.message, "bad"); b.disabled = false; }
  });
  return b;
}
function actionButton(label, cls, action) {
  const b = el("button", {class: cls + " small", textContent: label});
  b.addEventListener("click", async () => {
    b.disabled = true;
    try { await action(); } catch (e) { notice(e.message, "bad"); b.disabled = false; }
  });
  return b;
}

// The last hour as a line, one point a minute (oldest first); minutes before this dashboard
// started (null) are left blank. The title says the peak, for a hover.
function sparkline(values, what, unit) {
  const w = 120, h = 24, known = values.filter((v) => v !== null), max = Math.max(1, ...known);
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
  svg.setAttribute("class", "spark");
  svg.setAttribute("role", "img");
  const title = document.createElementNS(ns, "title");
  title.textContent = known.length ? `${what}, last hour: peak ${num(Math.max(0, ...known))}${unit}` : `${what}: no data yet`;
  svg.append(title);
  const step = w / Math.max(1, values.length - 1);
  const points = values.map((v, i) => v === null ? null : `${(i * step).toFixed(1)},${(h - 2 - (v / max) * (h - 4)).toFixed(1)}`)
    .filter((p) => p !== null);
  // the hour's baseline, so a line that has only just begun still shows where it sits
  const track = document.createElementNS(ns, "line");
  track.setAttribute("class", "track");
  for (const [k, v] of Object.entries({x1: 0, y1: h - 1, x2: w, y2: h - 1})) track.setAttribute(k, v);
  svg.append(track);
  const line = document.createElementNS(ns, "polyline");
  line.setAttribute("points", points.join(" "));
  svg.append(line);
  if (points.length) { // the latest minute as a dot: a single point draws no line
    const [x, y] = points[points.length - 1].split(",");
    const dot = document.createElementNS(ns, "circle");
    for (const [k, v] of Object.entries({cx: Math.min(w - 2, Number(x)), cy: y, r: 2})) dot.setAttribute(k, v);
    svg.append(dot);
  }
  return svg;
}

function failedFilter() {
  const f = new FormData($("#failed-filter"));
  return new URLSearchParams({queue: f.get("queue"), job: f.get("job"), text: f.get("text")});
}

// Retry all matching: the first click counts what the filter matches and asks "Retry N jobs?";
// the second retries those (up to the newest id counted, so later failures are not swept in).
async function retryMatching() {
  const b = $("#retry-matching");
  const reset = () => { delete b.dataset.armed; delete b.dataset.upto; b.textContent = "Retry all matching"; b.disabled = false; };
  b.disabled = true;
  try {
    if (!b.dataset.armed) {
      const m = await api("failed/matching?" + failedFilter());
      if (!m.count) { notice("No failed jobs match.", "bad"); reset(); return; }
      b.dataset.armed = "1";
      b.dataset.upto = m.newest;
      b.textContent = `Retry ${num(m.count)} job${m.count === 1 ? "" : "s"}?`;
      b.disabled = false;
      return;
    }
    const q = failedFilter();
    q.set("upto", b.dataset.upto);
    const r = await post("failed/retry-matching?" + q);
    notice(`${num(r.retried)} jobs back on their queues` + (r.kept ? `; ${num(r.kept)} kept: ${r.error}` : "."), r.kept ? "bad" : "ok");
    reset();
    state.failedBefore = 0;
    pages.failed();
  } catch (e) { notice(e.message, "bad"); reset(); }
}

const pages = {
  async overview() {
    const o = await api("overview");
    $("#connection").textContent = o.connection;
    const totals = {pending: 0, delayed: 0, reserved: 0, failed: 0};
    const body = $("#queues tbody");
    body.replaceChildren();
    for (const q of o.queues) {
      for (const k of Object.keys(totals)) totals[k] += q[k];
      body.append(el("tr", {"data-queue": q.queue},
        el("td", {class: "name"}, q.queue),
        el("td", {class: "num pending"}, num(q.pending)),
        el("td", {class: "num delayed"}, num(q.delayed)),
        el("td", {class: "num reserved"}, num(q.reserved)),
        el("td", {class: "num failed"}, num(q.failed)),
        el("td", {class: "num"}, ago(q.oldest_pending_seconds)),
        el("td", {class: "num"}, num(q.workers)),
        el("td", {class: "throughput"}, sparkline(q.throughput, "jobs done per minute", "/min")),
        el("td", {class: "wait"}, sparkline(q.wait, "longest wait", " s")),
        el("td", {}, el("span", {class: "badge " + (q.paused ? "warn" : "good")}, q.paused ? "paused" : "running"))));
    }
    if (!o.queues.length) body.append(el("tr", {}, el("td", {colSpan: 10, class: "muted"}, "No queues yet.")));
    for (const k of Object.keys(totals)) $("#total-" + k).textContent = num(totals[k]);
    $("#total-workers").textContent = num(o.workers);
    $("#total-rate").textContent = num(o.processed_last_minute);
    $("#updated").textContent = "updated " + new Date(o.at).toLocaleTimeString();
    $("#history-since").textContent = "The lines show the last hour, a point a minute, as this dashboard has seen it: "
      + "its history starts when it started, at " + new Date(o.history_since).toLocaleTimeString() + ".";
  },

  async failed() {
    const q = failedFilter();
    q.set("before", state.failedBefore);
    const page = await api("failed?" + q);
    state.failedNext = page.next;
    const body = $("#failed tbody");
    body.replaceChildren();
    for (const j of page.jobs) {
      const retry = actionButton("Retry", "primary", async () => {
        await post(`failed/${j.id}/retry`);
        notice(`Job ${j.id} is back on ${j.queue}.`);
        pages.failed();
      });
      const forget = twoStep("Forget", async () => {
        await post(`failed/${j.id}/forget`);
        notice(`Job ${j.id} forgotten.`);
        pages.failed();
      });
      retry.classList.add("retry");
      forget.classList.add("forget");
      const link = el("a", {href: "#failed/" + j.id}, j.job);
      const row = el("tr", {"data-id": j.id},
        el("td", {class: "mono"}, String(j.id)), el("td", {}, link), el("td", {}, j.queue),
        el("td", {class: "nowrap"}, when(j.failed_at)), el("td", {class: "err"}, j.exception));
      row.append(el("td", {class: "actions"}, ...(state.readOnly ? [] : [retry, forget])));
      body.append(row);
    }
    if (!page.jobs.length) body.append(el("tr", {}, el("td", {colSpan: 6, class: "muted"}, "No failed jobs.")));
    $("#failed-more").hidden = !page.next;
    $("#failed-first").hidden = !state.failedBefore;
  },

  async failedDetail(id) {
    const j = await api("failed/" + encodeURIComponent(id));
    const box = $("#failed-detail");
    box.replaceChildren(
      el("h3", {}, `${j.job} `, el("span", {class: "muted"}, `#${j.id} on ${j.queue}`)),
      el("dl", {}, el("dt", {}, "UUID"), el("dd", {class: "mono"}, j.uuid), el("dt", {}, "Failed at"), el("dd", {}, when(j.failed_at)),
        el("dt", {}, "Connection"), el("dd", {}, j.connection), el("dt", {}, "Batch"), el("dd", {class: "mono"}, j.batch || "–")),
      el("h4", {}, "Exception"), el("pre", {id: "detail-exception"}, j.exception_full),
      el("h4", {}, "Payload (secret fields masked)"), el("pre", {id: "detail-payload"}, j.payload));
    box.hidden = false;
    box.scrollIntoView({block: "start"});
  },

  async workers() {
    const list = await api("workers");
    const body = $("#workers tbody");
    body.replaceChildren();
    for (const w of list) {
      const running = w.running.map((r) => `${r.name} (${ago(r.ageSeconds)})`).join(", ");
      body.append(el("tr", {"data-worker": w.id},
        el("td", {class: "name"}, w.name), el("td", {}, w.host), el("td", {class: "num"}, String(w.pid)),
        el("td", {}, w.queues.join(", ")), el("td", {class: "num"}, `${w.running.length}/${w.concurrency}`),
        el("td", {class: "num"}, num(w.processed)), el("td", {class: "num"}, num(w.failed)),
        el("td", {}, ago(w.up_seconds)), el("td", {}, ago(w.seen_seconds_ago) + " ago"),
        el("td", {class: "err"}, running || (w.paused ? "paused" : w.stopping ? "stopping" : "idle"))));
    }
    if (!list.length) body.append(el("tr", {}, el("td", {colSpan: 10, class: "muted"}, "No live workers.")));
  },

  async batches() {
    const page = await api("batches?offset=" + state.batchOffset);
    const body = $("#batches tbody");
    body.replaceChildren();
    for (const b of page.batches) {
      const st = b.cancelled ? "cancelled" : b.finished ? "finished" : "running";
      const bar = el("div", {class: "bar"}, el("div", {class: "fill " + (b.failed ? "has-failed" : "")}));
      bar.firstChild.style.width = b.progress + "%";
      const actions = [];
      if (!state.readOnly && !b.cancelled && !b.finished)
        actions.push(twoStep("Cancel", async () => {
          await post(`batches/${b.id}/cancel`); notice(`Batch ${b.name || b.id} cancelled.`); pages.batches();
        }));
      if (!state.readOnly && b.failed)
        actions.push(actionButton("Retry failed", "primary retry-batch", async () => {
          const r = await post(`batches/${b.id}/retry`); notice(`${r.retried} jobs back on their queues.`); pages.batches();
        }));
      body.append(el("tr", {"data-batch": b.id},
        el("td", {class: "name"}, b.name || b.id), el("td", {}, bar, el("span", {class: "muted small"}, ` ${b.progress}%`)),
        el("td", {class: "num"}, num(b.total)), el("td", {class: "num"}, num(b.pending)), el("td", {class: "num"}, num(b.failed)),
        el("td", {class: "nowrap"}, when(b.created_at)), el("td", {class: "state"}, el("span", {class: "badge " + st}, st)),
        el("td", {class: "actions"}, ...actions)));
    }
    if (!page.batches.length) body.append(el("tr", {}, el("td", {colSpan: 8, class: "muted"}, "No batches.")));
    $("#batches-more").hidden = page.next < 0;
  },

  async schedule() {
    const list = await api("schedule");
    const body = $("#schedule tbody");
    body.replaceChildren();
    if (!Array.isArray(list)) { body.append(el("tr", {}, el("td", {colSpan: 6, class: "muted"}, list.error))); return; }
    for (const s of list) {
      const last = s.last_run;
      body.append(el("tr", {"data-entry": s.name},
        el("td", {class: "name"}, s.name + (s.enabled ? "" : " (disabled)")),
        el("td", {class: "mono"}, s.written === s.cron ? s.cron : `${s.written} (${s.cron})`),
        el("td", {class: "err"}, s.what), el("td", {class: "nowrap"}, when(s.next) + " " + s.timezone),
        el("td", {class: "nowrap"}, last ? when(last.started_at) : "never"),
        el("td", {}, last ? el("span", {class: "badge " + (last.status.startsWith("FAIL") ? "bad" : "good")}, last.status) : "")));
    }
    if (!list.length) body.append(el("tr", {}, el("td", {colSpan: 6, class: "muted"}, "qctl.yml has no schedule: entries.")));
  },

  async lookup() {},
};

async function show() {
  const [name, arg] = (location.hash.slice(1) || "overview").split("/");
  const page = pages[name] ? name : "overview";
  document.querySelectorAll(".page").forEach((p) => { p.hidden = p.id !== "page-" + page; });
  document.querySelectorAll("#nav a").forEach((a) => a.classList.toggle("active", a.dataset.page === page));
  if (page !== "failed" || !arg) $("#failed-detail").hidden = true;
  state.page = page;
  clearInterval(state.timer);
  // a re-render would disarm a button waiting for its second click
  const refresh = async () => { if ($("[data-armed]")) return; try { await pages[page](); } catch (e) { notice(e.message, "bad"); } };
  await refresh();
  if (page === "failed" && arg) await pages.failedDetail(arg).catch((e) => notice(e.message, "bad"));
  if (page === "overview" || page === "workers" || page === "batches") state.timer = setInterval(refresh, POLL_MS);
}

async function start() {
  const s = await api("session");
  state.csrf = s.csrf;
  state.readOnly = s.read_only;
  $("#user").textContent = s.user;
  $("#readonly").hidden = !s.read_only;
  $("#logout").hidden = !s.login;
  $("#logout").addEventListener("click", async () => { await post("logout"); location.href = "login"; });
  $("#failed-filter").addEventListener("submit", (e) => { e.preventDefault(); state.failedBefore = 0; pages.failed(); });
  $("#retry-matching").hidden = s.read_only;
  $("#retry-matching").addEventListener("click", retryMatching);
  // a changed filter would make the armed count wrong: ask again
  $("#failed-filter").addEventListener("input", () => { const b = $("#retry-matching"); delete b.dataset.armed; b.textContent = "Retry all matching"; });
  $("#failed-more").addEventListener("click", () => { state.failedBefore = state.failedNext; pages.failed(); });
  $("#failed-first").addEventListener("click", () => { state.failedBefore = 0; pages.failed(); });
  $("#batches-more").addEventListener("click", () => { state.batchOffset += 50; pages.batches(); });
  $("#lookup-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const id = new FormData(e.target).get("id").trim();
    const out = $("#lookup-result");
    try {
      const r = await api("jobs/" + encodeURIComponent(id));
      if (r.kind === "failed") { location.hash = "#failed/" + r.id; return; }
      if (r.kind === "job") {
        out.replaceChildren(el("div", {class: "detail", id: "lookup-job"},
          el("h3", {}, `${r.job} `, el("span", {class: "muted"}, `#${r.id} on ${r.queue}`), " ",
            el("span", {class: "badge " + (r.state === "reserved" ? "good" : r.state === "delayed" ? "warn" : "")}, r.state)),
          el("h4", {}, "Payload (secret fields masked)"), el("pre", {}, r.payload)));
        return;
      }
      out.replaceChildren(el("p", {}, `Batch ${r.name || r.id}: ${r.processed}/${r.total} done, ${r.failed} failed (${r.progress}%).`));
    } catch (err) { out.replaceChildren(el("p", {class: "muted"}, err.message)); }
  });
  window.addEventListener("hashchange", show);
  await show();
}
start();
