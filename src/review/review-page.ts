/**
 * The review page: one pair at a time, both texts as written with what each has that the other
 * lacks marked, their dates, the engine's decision and probability, and the count of labels.
 * Keys d (duplicate), n (different), s (skip), u (undo). Self-contained: no request leaves
 * 127.0.0.1, and every text is set with textContent, never parsed as HTML.
 */
export function reviewPageHtml(title: string): string {
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<title>neardup review — ${esc(title)}</title>
<style>
body{font:16px/1.5 system-ui,"WenQuanYi Zen Hei",sans-serif;margin:2rem auto;max-width:60rem;color:#222}
h1{font-size:1.1rem;font-weight:600}
.count{float:right;font-weight:600}
.pair{border:1px solid #ccc;border-radius:6px;padding:1rem;margin:1rem 0}
.side{margin:.6rem 0}
.label{color:#666;font-size:.85rem}
.text{font-size:1.35rem}
ins{background:#c8f0c8;text-decoration:none}
.date{color:#666;font-size:.85rem;margin-left:.6rem}
.engine{color:#444}
.keys kbd{border:1px solid #aaa;border-radius:3px;padding:0 .35rem;background:#f4f4f4}
.done{color:#060;font-weight:600}
.status{color:#a00;min-height:1.5em}
</style>
</head>
<body>
<h1>neardup review — ${esc(title)} <span class="count" id="count"></span></h1>
<p class="keys"><kbd>d</kbd> duplicate · <kbd>n</kbd> different · <kbd>s</kbd> skip · <kbd>u</kbd> undo</p>
<div class="pair" id="pair">
  <div class="side"><span class="label">A</span><span class="date" id="date-a"></span><div class="text" id="text-a"></div></div>
  <div class="side"><span class="label">B</span><span class="date" id="date-b"></span><div class="text" id="text-b"></div></div>
  <p class="engine" id="engine"></p>
</div>
<p class="status" id="status"></p>
<script>
"use strict";
let current = null;
let busy = false;
function pieces(el, list) {
  el.textContent = "";
  for (const p of list) {
    const node = p.kind === "equal" ? document.createTextNode(p.text) : document.createElement("ins");
    if (p.kind !== "equal") node.textContent = p.text;
    el.appendChild(node);
  }
}
function show(state) {
  current = state.pair;
  document.getElementById("count").textContent = state.labelled + " labelled" + (state.skipped ? ", " + state.skipped + " skipped" : "");
  const pair = document.getElementById("pair");
  pair.dataset.key = current ? current.key : "";
  if (!current) {
    pair.textContent = "";
    const done = document.createElement("p");
    done.className = "done";
    done.textContent = "No pairs left to review. Train with: neardup train " + state.labels + " -o model.json";
    pair.appendChild(done);
    return;
  }
  pieces(document.getElementById("text-a"), current.a);
  pieces(document.getElementById("text-b"), current.b);
  document.getElementById("date-a").textContent = current.date_a || "";
  document.getElementById("date-b").textContent = current.date_b || "";
  document.getElementById("engine").textContent =
    "engine: " + (current.duplicate ? "duplicate (removed)" : "possible duplicate (kept)") +
    ", probability " + current.probability.toFixed(3) + " (cut-off " + state.cutoff + "), rule " + current.rule;
}
async function call(path, body) {
  busy = true;
  try {
    const r = await fetch(path, body ? { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) } : {});
    const state = await r.json();
    if (!r.ok) throw new Error(state.error || r.statusText);
    document.getElementById("status").textContent = "";
    show(state);
  } catch (e) {
    document.getElementById("status").textContent = String(e.message || e);
  } finally {
    busy = false;
  }
}
document.addEventListener("keydown", (e) => {
  if (busy || e.ctrlKey || e.metaKey || e.altKey) return;
  const k = e.key.toLowerCase();
  if (k === "u") return void call("/api/undo", {});
  if (!current) return;
  const label = { d: "dup", n: "diff", s: "skip" }[k];
  if (label) call("/api/label", { key: current.key, label });
});
call("/api/state");
</script>
</body>
</html>
`;
}
