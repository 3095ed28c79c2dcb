// The pipeline board: drag a card to another column (HTML5 drag and drop) or use its Move
// form; both POST to the card's move URL and update the two columns' figures in place.
// Without JavaScript the Move forms post normally and the page reloads.
(function () {
  "use strict";
  const board = document.getElementById("pipeline-board");
  if (!board) return;
  const status = document.getElementById("board-status");
  const dialog = document.getElementById("close-reason-dialog");
  let dragged = null;

  function csrfToken(card) {
    const input = card.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function say(message, isError) {
    status.textContent = message;
    status.classList.toggle("error", Boolean(isError));
  }

  function column(stageId) {
    return board.querySelector('.board-column[data-stage-id="' + stageId + '"]');
  }

  function askReason(closing) {
    // Won and lost need a reason: ask in a dialog, resolve null on cancel.
    return new Promise(function (resolve) {
      const input = document.getElementById("close-reason-input");
      document.getElementById("close-reason-question").textContent =
        closing === "won" ? "Why was this deal won?" : "Why was this deal lost?";
      input.value = "";
      dialog.addEventListener("close", function onClose() {
        dialog.removeEventListener("close", onClose);
        resolve(dialog.returnValue === "ok" && input.value.trim() ? input.value.trim() : null);
      });
      dialog.showModal();
      input.focus();
    });
  }

  function applyColumns(columns) {
    columns.forEach(function (figures) {
      const target = column(figures.stage_id);
      if (!target) return;
      target.querySelector("[data-count]").textContent = figures.count;
      target.querySelector("[data-total]").textContent = figures.totals_display;
    });
  }

  async function move(card, targetColumn, reason) {
    const from = card.closest(".board-column");
    const stageId = targetColumn.dataset.stageId;
    if (from === targetColumn) return;
    const closing = targetColumn.dataset.closing;
    if (closing && !reason) {
      reason = await askReason(closing);
      if (!reason) { say("Move cancelled: a won or lost deal needs a reason."); return; }
    }
    const body = new URLSearchParams({ stage: stageId, reason: reason || "", owner: board.dataset.owner || "" });
    card.classList.add("saving");
    targetColumn.querySelector("[data-drop-zone]").prepend(card);
    try {
      const response = await fetch(card.dataset.moveUrl, {
        method: "POST",
        headers: { "Accept": "application/json", "X-CSRFToken": csrfToken(card),
                   "Content-Type": "application/x-www-form-urlencoded" },
        body: body,
        credentials: "same-origin",
      });
      const data = await response.json();
      if (!response.ok) throw new Error(data.message || "The move was refused.");
      applyColumns(data.columns);
      const probability = card.querySelector("[data-probability]");
      probability.textContent = data.opportunity.probability + "%";
      probability.className = "deal-probability likelihood-" +
        (data.opportunity.closed ? "closed" : (data.opportunity.likelihood || "none"));
      const mark = card.querySelector(".fallback-mark");
      if (mark) mark.hidden = !(data.opportunity.is_fallback && !data.opportunity.closed);
      const select = card.querySelector("select[name=stage]");
      if (select) select.value = String(data.opportunity.stage_id);
      say("Moved “" + card.querySelector(".deal-name").textContent + "” to " +
          targetColumn.querySelector("h2").textContent + ".");
    } catch (error) {
      from.querySelector("[data-drop-zone]").prepend(card);  // put it back where it was
      say(error.message, true);
    } finally {
      card.classList.remove("saving");
    }
  }

  board.addEventListener("dragstart", function (event) {
    const card = event.target.closest(".deal-card");
    if (!card) return;
    dragged = card;
    card.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.opportunityId);
  });
  board.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    board.querySelectorAll(".drag-over").forEach(function (c) { c.classList.remove("drag-over"); });
  });
  board.addEventListener("dragover", function (event) {
    const target = event.target.closest(".board-column");
    if (!target || !dragged) return;
    event.preventDefault();  // allows the drop
    event.dataTransfer.dropEffect = "move";
    board.querySelectorAll(".drag-over").forEach(function (c) { if (c !== target) c.classList.remove("drag-over"); });
    target.classList.add("drag-over");
  });
  board.addEventListener("drop", function (event) {
    const target = event.target.closest(".board-column");
    if (!target || !dragged) return;
    event.preventDefault();
    target.classList.remove("drag-over");
    const card = dragged;
    dragged = null;
    card.classList.remove("dragging");  // moving the node may keep dragend from reaching us
    move(card, target, "");
  });
  // The Move forms go through the same path, so they too update the figures without a reload.
  board.addEventListener("submit", function (event) {
    const form = event.target.closest(".move-form");
    if (!form) return;
    event.preventDefault();
    const card = form.closest(".deal-card");
    const target = column(form.elements.stage.value);
    if (target) move(card, target, form.elements.reason.value.trim());
  });
})();
