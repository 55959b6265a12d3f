// Saves the concern being written every few seconds after a change, so a closed tab,
// a lost connection or the idle timeout never loses what was typed.
const DELAY_MS = 3000;

function startAutosave(form) {
  const url = form.dataset.autosaveUrl;
  const status = document.getElementById("autosave-status");
  if (!url) return;
  let timer;
  const save = async () => {
    const response = await fetch(url, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (response.ok && status) {
      status.textContent = status.dataset.savedText || "Draft saved";
    }
  };
  form.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(save, DELAY_MS);
  });
  form.addEventListener("change", () => {
    clearTimeout(timer);
    timer = setTimeout(save, DELAY_MS);
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
