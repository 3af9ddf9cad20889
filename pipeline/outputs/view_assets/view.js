// The corpus viewer's behaviour: sorting and filtering tables, the script toggle, tokens on
// demand, and the raw offsets and source characters of a selection or a highlight. Text is
// only ever inserted with textContent, never as HTML.
"use strict";

function cellValue(row, index) {
  const text = row.cells[index] ? row.cells[index].textContent.trim() : "";
  const number = Number(text);
  return text !== "" && !Number.isNaN(number) ? number : text;
}

function makeSortable(table) {
  const headers = Array.from(table.tHead.rows[0].cells);
  headers.forEach((th, index) => {
    th.addEventListener("click", () => {
      const ascending = th.getAttribute("aria-sort") !== "ascending";
      headers.forEach((h) => h.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const body = table.tBodies[0];
      const rows = Array.from(body.rows);
      rows.sort((a, b) => {
        const x = cellValue(a, index);
        const y = cellValue(b, index);
        const order = typeof x === "number" && typeof y === "number"
          ? x - y : String(x).localeCompare(String(y), "zh");
        return ascending ? order : -order;
      });
      rows.forEach((row) => body.appendChild(row));
    });
  });
}

function setUpEventFilters() {
  const form = document.getElementById("event-filters");
  const table = document.getElementById("events");
  if (!form || !table) return;
  const apply = () => {
    const type = form.elements.type.value;
    const actor = form.elements.actor.value.trim().toUpperCase();
    const from = Number(form.elements.from.value) || -Infinity;
    const to = Number(form.elements.to.value) || Infinity;
    let shown = 0;
    for (const row of table.tBodies[0].rows) {
      const year = Number(row.dataset.year);
      const actors = row.dataset.actors.toUpperCase().split(" ");
      const ok = (!type || row.dataset.type === type)
        && (!actor || actors.includes(actor))
        && ((from === -Infinity && to === Infinity) || (year >= from && year <= to));
      row.hidden = !ok;
      shown += ok ? 1 : 0;
    }
    document.getElementById("event-count").textContent = `${shown} events`;
  };
  form.addEventListener("input", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
}

function docData() {
  const node = document.getElementById("doc-data");
  return node ? JSON.parse(node.textContent) : null;
}

function rawOffset(align, offset) {
  for (const [textStart, rawStart, length] of align) {
    if (offset >= textStart && offset < textStart + length) return rawStart + offset - textStart;
  }
  return null;
}

function rawSpan(align, start, end) {
  const first = rawOffset(align, start);
  const last = rawOffset(align, end - 1);
  return first === null || last === null ? null : [first, last + 1];
}

function textOffset(container, node, offset) {
  // Offset into the passage text of a DOM position, skipping footnote links and back links.
  let total = 0;
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentElement.closest("[data-skip]")
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n === node) return total + offset;
    if (node.nodeType === Node.ELEMENT_NODE && node.contains(n) && offset === 0) return total;
    total += n.textContent.length;
  }
  return total;
}

function showRaw(data, passageId, start, end, rawStart, rawEnd, what) {
  const panel = document.getElementById("inspector");
  panel.replaceChildren();
  const head = document.createElement("p");
  head.textContent = `${what} · passage ${passageId} · text ${start}–${end} · raw ${rawStart}–${rawEnd}`;
  const raw = document.createElement("div");
  raw.className = "raw";
  const context = 40;
  const pieces = [
    [data.raw.slice(Math.max(0, rawStart - context), rawStart), false],
    [data.raw.slice(rawStart, rawEnd), true],
    [data.raw.slice(rawEnd, rawEnd + context), false],
  ];
  for (const [text, exact] of pieces) {
    const holder = exact ? document.createElement("b") : raw;
    for (const part of text.split(/(\r\n|\n|\r)/)) {
      if (/^(\r\n|\n|\r)$/.test(part)) {
        const mark = document.createElement("span");
        mark.className = "nl";
        mark.textContent = part === "\r\n" ? "␍␊\n" : part === "\r" ? "␍\n" : "⏎\n";
        holder.appendChild(mark);
      } else if (part) {
        holder.appendChild(document.createTextNode(part));
      }
    }
    if (exact) raw.appendChild(holder);
  }
  const note = document.createElement("p");
  note.className = "hint";
  note.textContent = "The highlighted characters are the source's own (raw offsets, code points).";
  panel.append(head, raw, note);
}

function inspectMark(data, mark) {
  const passageId = mark.closest("[data-passage]").dataset.passage;
  const key = mark.dataset.event ? "event" : "mention";
  const pieces = document.querySelectorAll(`[data-${key}="${CSS.escape(mark.dataset[key])}"]`);
  document.querySelectorAll("mark.current").forEach((m) => m.classList.remove("current"));
  pieces.forEach((m) => m.classList.add("current"));
  const [start, end] = mark.dataset.span.split(",").map(Number);
  const [rawStart, rawEnd] = mark.dataset.raw.split(",").map(Number);
  showRaw(data, passageId, start, end, rawStart, rawEnd, mark.title);
}

function setUpDocument(data) {
  const scriptButton = document.getElementById("toggle-script");
  scriptButton.addEventListener("click", () => {
    const simplified = scriptButton.getAttribute("aria-pressed") !== "true";
    scriptButton.setAttribute("aria-pressed", String(simplified));
    for (const run of document.querySelectorAll("span.t")) {
      if (!("o" in run.dataset)) run.dataset.o = run.textContent;
      run.textContent = simplified ? run.dataset.n : run.dataset.o;
    }
  });
  const tokenButton = document.getElementById("toggle-tokens");
  tokenButton.addEventListener("click", () => {
    const show = tokenButton.getAttribute("aria-pressed") !== "true";
    tokenButton.setAttribute("aria-pressed", String(show));
    for (const section of document.querySelectorAll("[data-passage]")) {
      section.querySelector(".tokens")?.remove();
      if (!show) continue;
      const passage = data.passages[section.dataset.passage];
      const box = document.createElement("div");
      box.className = "tokens";
      for (const [start, end, pos] of passage.tokens) {
        const token = document.createElement("span");
        token.textContent = passage.text.slice(start, end);
        token.title = `${pos} · ${start}–${end}`;
        box.appendChild(token);
      }
      section.querySelector(".text").after(box);
    }
  });
  document.addEventListener("click", (event) => {
    let mark = event.target.closest("mark.ent, mark.ev");
    // An entity that is exactly an event's anchor (a treaty's name) shows the event.
    const outer = mark?.parentElement?.closest("mark.ev");
    if (mark && outer && outer.dataset.span === mark.dataset.span) mark = outer;
    if (mark && mark.closest("[data-passage]")) inspectMark(data, mark);
  });
  document.addEventListener("mouseup", () => {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed) return;
    const range = selection.getRangeAt(0);
    const section = range.startContainer.parentElement?.closest("[data-passage]");
    if (!section || !section.contains(range.endContainer)) return;
    const textBox = section.querySelector(".text");
    const start = textOffset(textBox, range.startContainer, range.startOffset);
    const end = textOffset(textBox, range.endContainer, range.endOffset);
    const passage = data.passages[section.dataset.passage];
    const span = end > start ? rawSpan(passage.align, start, end) : null;
    if (span) showRaw(data, section.dataset.passage, start, end, span[0], span[1], "selection");
  });
  const target = decodeURIComponent(location.hash.slice(1));
  if (target.startsWith("e-")) {
    const mark = document.querySelector(`mark[data-event="${CSS.escape(target.slice(2))}"]`);
    if (mark) {
      mark.scrollIntoView({ block: "center" });
      inspectMark(data, mark);
    }
  }
}

document.querySelectorAll("table.sortable").forEach(makeSortable);
setUpEventFilters();
const data = docData();
if (data) setUpDocument(data);
