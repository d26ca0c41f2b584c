// rasd's pages work without this file; it only adds: the boilerplate toggle on an article,
// hover highlights in an actor's network, and an article's events lighting up their spans.
// No inline handlers (the Content-Security-Policy forbids them): everything is bound here.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector(".toggle-boilerplate");
  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", () => document.body.classList.toggle("hide-boilerplate"));
  }

  // an actor's network: a node under the pointer keeps its own edges, the rest fade
  const svg = document.querySelector(".network-svg");
  if (svg) {
    const edges = Array.from(svg.querySelectorAll(".edge"));
    svg.querySelectorAll(".node").forEach((node) => {
      const code = node.dataset.code;
      node.addEventListener("mouseenter", () => {
        svg.classList.add("focus");
        edges.forEach((e) => e.classList.toggle("lit", e.dataset.source === code || e.dataset.target === code));
      });
      node.addEventListener("mouseleave", () => {
        svg.classList.remove("focus");
        edges.forEach((e) => e.classList.remove("lit"));
      });
    });
  }

  // an article: pointing at an event in the list lights its evidence in the text
  document.querySelectorAll(".doc-events .event").forEach((item) => {
    const n = item.id.replace("event-", "");
    const marks = Array.from(document.querySelectorAll(".article-text mark.ev"))
      .filter((m) => m.dataset.events.split(" ").includes(n));
    item.addEventListener("mouseenter", () => marks.forEach((m) => m.classList.add("lit")));
    item.addEventListener("mouseleave", () => marks.forEach((m) => m.classList.remove("lit")));
  });
});
