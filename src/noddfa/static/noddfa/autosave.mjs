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
