// Warns five minutes before an idle session ends and lets the person keep it alive,
// so nobody loses a half-written record to the 30-minute timeout.
const WARN_BEFORE_SECONDS = 5 * 60;

export function watchSessionIdle(doc) {
  const seconds = Number(doc.body.dataset.sessionSeconds || 0);
  const warning = doc.getElementById("session-warning");
  if (!seconds || !warning) return;
  const stay = warning.querySelector("[data-session-stay]");
  let warnTimer;
  let endTimer;

  const schedule = () => {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(() => {
      warning.hidden = false;
      stay.focus();
    }, Math.max(seconds - WARN_BEFORE_SECONDS, 0) * 1000);
    endTimer = setTimeout(() => {
      window.location.assign(warning.dataset.signedOutUrl);
    }, seconds * 1000);
  };

  stay.addEventListener("click", async () => {
    const response = await fetch(warning.dataset.keepaliveUrl, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (response.ok) {
      warning.hidden = true;
      schedule();
    } else {
      window.location.assign(warning.dataset.signedOutUrl);
    }
  });
  schedule();
}
