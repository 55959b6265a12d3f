// Quick exit for the public help pages.
//
// Without JavaScript the "Exit this page" button is an ordinary link to a neutral site.
// With it, leaving replaces this page in the browser history (so Back does not return
// here), hides the page at once, and pressing Escape (or Shift) 3 times does the same.

const PRESSES_TO_EXIT = 3;
const PRESS_WINDOW_MS = 5000;
const HIDE_CLASS = "govuk-exit-this-page-hide-content";

function exitTo(url, root) {
  document.body.classList.add(HIDE_CLASS);
  const overlay = document.createElement("div");
  overlay.className = "govuk-exit-this-page-overlay";
  overlay.setAttribute("role", "alert");
  overlay.textContent = root.dataset.i18nActivated || "";
  document.body.appendChild(overlay);
  window.location.replace(url);
}

export function initQuickExit(root) {
  const button = root.querySelector(".noddfa-quick-exit__button");
  if (!(button instanceof HTMLAnchorElement)) return;
  const url = button.href;

  button.addEventListener("click", (event) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    exitTo(url, root);
  });

  let key = "";
  let count = 0;
  let timer = 0;
  document.addEventListener(
    "keyup",
    (event) => {
      if (event.key !== "Escape" && event.key !== "Shift") {
        count = 0;
        return;
      }
      count = event.key === key ? count + 1 : 1;
      key = event.key;
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        count = 0;
      }, PRESS_WINDOW_MS);
      if (count >= PRESSES_TO_EXIT) {
        count = 0;
        exitTo(url, root);
      }
    },
    true,
  );

  // If the browser shows this page again from its cache, show it whole.
  window.addEventListener("pageshow", () => {
    document.body.classList.remove(HIDE_CLASS);
    document.querySelectorAll(".govuk-exit-this-page-overlay").forEach((el) => el.remove());
  });
}

const root = document.querySelector("[data-noddfa-quick-exit]");
if (root instanceof HTMLElement) initQuickExit(root);
