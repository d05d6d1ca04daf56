// pamphlets serve: what JavaScript adds to the plain forms. Without it every button
// posts the form and the server does the same thing.
// - ticking an essay in the library adds it to the book at once, unticking removes it;
// - "Move up", "Move down" and "Remove" act in the page, keeping the keyboard focus;
// - an essay can be dragged (mouse, pen or touch on its handle) to a new place;
// - the page, sheet and blank-page estimate follows every change;
// - while a build runs, its progress is polled and shown, then the page reloads.
"use strict";

(function () {
  const form = document.getElementById("book");
  if (form) bookEditor(form);
  const status = document.getElementById("build-status");
  if (status) followBuild(status);

  function bookEditor(form) {
    const list = document.getElementById("essays");
    const empty = document.getElementById("empty");
    const said = document.getElementById("moved");
    const template = document.getElementById("item-template");
    let made = 0;

    const items = () => Array.from(list.querySelectorAll("li.item"));
    const titleOf = (li) => li.querySelector(".item-title").textContent;
    const checkbox = (key) => Array.from(document.querySelectorAll('input[name="pick"]'))
      .find((box) => box.value === key);

    function say(text) { said.textContent = text; }

    function changed() {
      empty.hidden = items().length > 0;
      estimate();
    }

    function add(key, title, pages) {
      const li = template.content.firstElementChild.cloneNode(true);
      made += 1;
      const id = "new-item-" + made;
      li.dataset.key = key;
      li.querySelector('input[name="order"]').value = key;
      const name = li.querySelector(".item-title");
      name.textContent = title;
      name.id = id;
      li.querySelector(".item-pages").textContent = pages ? "~" + pages + " p." : "";
      for (const button of li.querySelectorAll("button")) {
        button.value = button.value.replace(/:.*/, ":" + key);
        button.setAttribute("aria-describedby", id);
      }
      list.appendChild(li);
      say("Added " + title + " as essay " + items().length + ".");
      changed();
    }

    document.addEventListener("change", (event) => {
      const box = event.target;
      if (box.name !== "pick") return;
      const li = items().find((item) => item.dataset.key === box.value);
      const row = box.closest("li");
      if (box.checked && !li) add(box.value, row.dataset.title, row.dataset.pages);
      if (!box.checked && li) { li.remove(); say("Removed " + row.dataset.title + "."); changed(); }
    });

    list.addEventListener("click", (event) => {
      const button = event.target.closest("button[name=action]");
      if (!button) return;
      const [verb] = button.value.split(":");
      const li = button.closest("li");
      event.preventDefault();
      if (verb === "up" && li.previousElementSibling) {
        list.insertBefore(li, li.previousElementSibling);
      } else if (verb === "down" && li.nextElementSibling) {
        list.insertBefore(li.nextElementSibling, li);
      } else if (verb === "remove") {
        const next = li.nextElementSibling || li.previousElementSibling;
        const box = checkbox(li.dataset.key);
        if (box) box.checked = false;
        li.remove();
        say("Removed " + titleOf(li) + ".");
        (next ? next.querySelector('button[value^="remove:"]') : document.getElementById("essays-head")).focus();
        changed();
        return;
      }
      button.focus();
      const at = items().indexOf(li) + 1;
      const edge = (verb === "up" && at === 1) ? " It is already the first."
        : (verb === "down" && at === items().length) ? " It is already the last." : "";
      say(titleOf(li) + ": essay " + at + " of " + items().length + "." + edge);
      changed();
    });

    // dragging: the item follows the pointer; dropped on another essay, it takes its place.
    // A press becomes a drag once the pointer has moved a few pixels, so a press on one of
    // the item's buttons that does not move is still a click.
    let pressed = null;
    let dragged = null;
    let quiet = false;
    window.addEventListener("click", (event) => {
      if (quiet) { event.preventDefault(); event.stopPropagation(); }
    }, { capture: true });
    list.addEventListener("pointerdown", (event) => {
      const li = event.target.closest("li.item");
      if (!li || event.button !== 0) return;
      if (event.pointerType === "touch" && !event.target.closest(".handle")) return;
      pressed = { li, x: event.clientX, y: event.clientY };
      if (event.target.closest(".handle")) event.preventDefault();
    });
    document.addEventListener("pointermove", (event) => {
      if (!pressed) return;
      if (!dragged) {
        if (Math.hypot(event.clientX - pressed.x, event.clientY - pressed.y) < 6) return;
        dragged = pressed.li;
        dragged.classList.add("dragging");
        document.body.classList.add("sorting");
      }
      event.preventDefault();
      const under = document.elementFromPoint(event.clientX, event.clientY);
      const target = under && under.closest("#essays li.item");
      if (!target || target === dragged) return;
      const before = items().indexOf(dragged) > items().indexOf(target);
      list.insertBefore(dragged, before ? target : target.nextElementSibling);
    });
    const drop = () => {
      pressed = null;
      if (!dragged) return;
      const li = dragged;
      dragged = null;
      li.classList.remove("dragging");
      document.body.classList.remove("sorting");
      // the click that ends a drag started on a button is not a press of that button
      quiet = true;
      setTimeout(() => { quiet = false; }, 0);
      say(titleOf(li) + ": essay " + (items().indexOf(li) + 1) + " of " + items().length + ".");
      changed();
    };
    document.addEventListener("pointerup", drop);
    document.addEventListener("pointercancel", () => { pressed = null; drop(); });

    for (const field of form.querySelectorAll("[data-estimate]")) {
      field.addEventListener("change", estimate);
      field.addEventListener("input", estimate);
    }

    let asked = 0;
    async function estimate() {
      const query = new URLSearchParams();
      for (const key of ["page_size", "style", "impose", "signature"]) {
        query.set(key, form.elements.namedItem(key).value);
      }
      for (const li of items()) if (li.hasAttribute("data-known")) query.append("essay", li.dataset.key);
      const mine = ++asked;
      try {
        const answer = await fetch("/estimate?" + query);
        const data = await answer.json();
        if (mine === asked && answer.ok) document.getElementById("estimate").innerHTML = data.html;
      } catch (error) { /* the estimate stays as it was */ }
    }
  }

  function followBuild(status) {
    if (!["queued", "running"].includes(status.dataset.state) || !status.dataset.url) return;
    const line = status.querySelector("p");
    const bar = status.querySelector("progress");
    async function poll() {
      try {
        const answer = await fetch(status.dataset.url, { cache: "no-store" });
        const job = await answer.json();
        if (job.state === "done" || job.state === "failed") {
          window.location.reload();
          return;
        }
        if (job.total) {
          line.textContent = "Building: " + job.done + " of " + job.total + " parts, " + job.pages + " pages so far (" + job.seconds + " s)";
          bar.max = job.total;
          bar.value = job.done;
        }
      } catch (error) { /* try again */ }
      setTimeout(poll, 500);
    }
    setTimeout(poll, 300);
  }
})();
