"use strict";
// The page of `publisher serve`: the state arrives by server-sent events at every change and is drawn in place;
// a picture that did not change keeps its element, a new one replaces the old once it has loaded.
const parts = { slides: "slide", pages: "page" };
let state = null;
let opened = null; // { kind, number } of the large view

const $ = (selector, root = document) => root.querySelector(selector);
const element = (tag, attributes = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
};

function connect() {
  const events = new EventSource("/events");
  events.addEventListener("state", (event) => show(JSON.parse(event.data)));
  events.onerror = () => { $("#status").textContent = "server not reachable: reconnecting…"; };
}

function show(next) {
  state = next;
  $("#outline").textContent = next.outline;
  document.title = `${next.outline} — publisher serve`;
  showStatus(next);
  showErrors(next);
  showList($("#general"), next.warnings);
  $("#downloads").replaceChildren(...next.outputs.map((o) => element("a", { href: o.href, download: o.name }, o.name)));
  for (const kind of Object.keys(parts)) showPart(kind, next[kind]);
  if (opened) openLarge(opened.kind, opened.number);
}

function showStatus(s) {
  const status = $("#status");
  const build = s.build;
  status.className = s.building ? "building" : build && !build.ok ? "failed" : "";
  if (!build) status.textContent = "first build…";
  else if (build.ok) status.textContent = `build ${build.number} at ${build.ended} in ${build.seconds.toFixed(2)} s` +
    `, ${build.warnings} warning${build.warnings === 1 ? "" : "s"}`;
  else status.textContent = `build ${build.number} failed at ${build.ended}` +
    (s.shown ? ` — showing build ${s.shown.number} of ${s.shown.ended}` : "");
  if (s.building && build) status.textContent = "building… (last: " + status.textContent + ")";
}

function showErrors(s) {
  const box = $("#errors");
  const build = s.build;
  box.hidden = !build || build.ok;
  if (box.hidden) return;
  const count = build.errors.length + (build.internal ? 1 : 0);
  $("h2", box).textContent = `Build ${build.number} failed: ${count} error${count === 1 ? "" : "s"}. ` +
    (s.shown ? `The slides and pages below are those of build ${s.shown.number} (${s.shown.ended}), still on disk.`
      : "Nothing was written.");
  const items = build.errors.map((e) => {
    const item = element("li", { class: "error" }, element("span", { class: "where" }, e.where), ": ",
      e.path ? element("span", { class: "path" }, e.path + ": ") : "", e.message);
    if (e.excerpt) item.append(excerpt(e));
    return item;
  });
  if (build.internal) items.push(element("li", { class: "error" }, build.internal));
  $("ol", box).replaceChildren(...items);
}

function excerpt(error) {
  const chars = Array.from(error.excerpt);
  const at = Math.max(0, Math.min(chars.length, error.column - 1));
  return element("pre", { class: "excerpt" }, `${error.line} | ` + chars.slice(0, at).join(""),
    element("mark", {}, chars.slice(at).join("") || " "));
}

function showList(box, lines) {
  box.hidden = lines.length === 0;
  $("ul", box).replaceChildren(...lines.map((line) => element("li", {}, line)));
}

function showPart(kind, part) {
  const section = $(`#${kind}`);
  $(".count", section).textContent = part.items.length ? `· ${part.items.length}` : "";
  $(".source", section).textContent = `pictures: ${part.source}` + (part.pending ? " — drawing the latest build…" : "");
  const grid = $(".grid", section);
  part.items.forEach((item, index) => {
    const card = grid.children[index] || grid.appendChild(newCard(kind));
    fillCard(card, kind, item);
  });
  while (grid.children.length > part.items.length) grid.lastChild.remove();
}

function newCard(kind) {
  const card = element("figure", { class: "card" }, element("button", { type: "button", class: "thumb" }),
    element("figcaption"), element("ul", { class: "warnings" }));
  $(".thumb", card).addEventListener("click", () => openLarge(kind, Number(card.dataset.number)));
  return card;
}

function fillCard(card, kind, item) {
  card.dataset.number = item.number;
  card.classList.toggle("warned", item.warnings.length > 0);
  card.classList.toggle("stale", item.stale);
  const thumb = $(".thumb", card);
  thumb.setAttribute("aria-label", `${parts[kind]} ${item.number}: show large`);
  setPicture(thumb, item);
  const badge = $(".badge", thumb);
  if (item.warnings.length) (badge || thumb.appendChild(element("span", { class: "badge" }))).textContent =
    `⚠ ${item.warnings.length}`;
  else if (badge) badge.remove();
  $("figcaption", card).replaceChildren(element("b", {}, String(item.number)), item.title);
  $("figcaption", card).title = item.title;
  $(".warnings", card).replaceChildren(...item.warnings.map((line) => element("li", {}, line)));
}

function setPicture(holder, item) {
  let image = $("img", holder);
  if (!item.picture) {
    if (image) image.remove();
    const text = $(".text", holder) || holder.appendChild(element("div", { class: "text" }));
    text.textContent = item.text;
    return;
  }
  const text = $(".text", holder);
  if (text) text.remove();
  if (!image) {
    image = holder.insertBefore(element("img", { width: item.width, height: item.height }), holder.firstChild);
  }
  image.alt = item.text;
  image.dataset.wanted = item.picture; // the picture shown once it has loaded
  if (image.getAttribute("src") === item.picture) return;
  if (!image.getAttribute("src")) { image.src = item.picture; return; }
  const loading = new Image();
  loading.onload = () => { image.src = item.picture; image.width = item.width; image.height = item.height; };
  loading.src = item.picture;
}

function openLarge(kind, number) {
  const items = state[kind].items;
  const item = items.find((i) => i.number === number);
  const dialog = $("#large");
  if (!item) { if (dialog.open) dialog.close(); return; }
  opened = { kind, number };
  setPicture($(".picture", dialog), item);
  $(".place", dialog).textContent = `${parts[kind]} ${number} of ${items.length}`;
  $(".title", dialog).textContent = item.title;
  $(".warnings", dialog).replaceChildren(...item.warnings.map((line) => element("li", {}, line)));
  const notes = $(".notes", dialog);
  notes.textContent = item.notes || (kind === "slides" ? "no speaker notes" : "the report's pages have no notes");
  notes.classList.toggle("none", !item.notes);
  $(".previous", dialog).disabled = number <= 1;
  $(".next", dialog).disabled = number >= items.length;
  if (!dialog.open) dialog.showModal();
}

function step(by) {
  if (opened) openLarge(opened.kind, Math.max(1, Math.min(state[opened.kind].items.length, opened.number + by)));
}

const dialog = $("#large");
dialog.addEventListener("close", () => { opened = null; });
dialog.addEventListener("click", (event) => { if (event.target === dialog) dialog.close(); });
dialog.addEventListener("keydown", (event) => {
  if (event.key === "ArrowLeft") step(-1);
  if (event.key === "ArrowRight") step(1);
});
$(".previous", dialog).addEventListener("click", () => step(-1));
$(".next", dialog).addEventListener("click", () => step(1));
$(".close", dialog).addEventListener("click", () => dialog.close());
connect();
