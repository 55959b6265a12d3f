// Saves the concern being written every few seconds after a change, so a closed tab,
// a lost connection or the idle timeout never loses what was typed.
const DELAY_MS = 3000;

function startAutosave(form) {
  const status = document.getElementById("autosave-status");
  if (!form.dataset.autosaveUrl) return;
  let timer;
  let stopped = false;
  const save = async () => {
    if (stopped) return;
    const response = await fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    const answer = await response.json().catch(() => ({}));
    if (answer.recorded) {
      // This form was submitted: nothing more is saved, so the draft never comes back.
      stopped = true;
      return;
    }
    if (response.ok && answer.saved) {
      // A second tab on the same draft is given a draft of its own: follow it from now on.
      if (answer.autosave_url) form.dataset.autosaveUrl = answer.autosave_url;
      if (answer.draft_url) {
        form.action = answer.draft_url;
        if (window.location.pathname !== answer.draft_url) {
          window.history.replaceState(null, "", answer.draft_url);
        }
      }
      if (status) status.textContent = status.dataset.savedText || "Draft saved";
    }
  };
  const later = () => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(save, DELAY_MS);
  };
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  form.addEventListener("submit", () => {
    // The submission carries everything typed; an autosave after it must not race it.
    clearTimeout(timer);
    stopped = true;
  });
}

const form = document.getElementById("concern-form");
if (form) startAutosave(form);

// "Yes" to immediate danger shows the Call 999 panel at once. The radio itself carries no
// ARIA state: the panel is a labelled region announced when it appears.
function watchDanger(form) {
  const panel = document.getElementById("call-999");
  if (!panel) return;
  const show = () => {
    const chosen = form.querySelector('input[name="immediate_danger"]:checked');
    panel.hidden = !(chosen && chosen.value === "yes");
  };
  form.querySelectorAll('input[name="immediate_danger"]').forEach((radio) => {
    radio.addEventListener("change", show);
  });
  show();
}

if (form) watchDanger(form);

// After "Check for existing records" the page opens at the answer (#existing-records) and the
// server marks it autofocus; where a browser skips autofocus, focus it here.
const checkResult = document.querySelector("#existing-records[autofocus]");
if (checkResult && document.activeElement !== checkResult) checkResult.focus();
