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
  // Whatever was typed before this script ran (a slow phone, a busy page) fired no event
  // that it heard: save it as if it had just been typed.
  if (typedBeforeStart(form)) later();
}

function typedBeforeStart(form) {
  return Array.from(form.elements).some((field) => {
    if (field.type === "checkbox" || field.type === "radio") {
      return field.checked !== field.defaultChecked;
    }
    if (field.tagName === "SELECT") {
      return Array.from(field.options).some((option) => option.selected !== option.defaultSelected);
    }
    return "defaultValue" in field && field.type !== "hidden" && field.value !== field.defaultValue;
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

// What applies by age (the server does the same on every load, so this only makes it live):
// a child's form hides the adult-only questions and the adult-only signs, an adult's the
// child-only signs. An age not known, or disputed, shows both; anything already answered or
// ticked stays in view. Hidden fields stay in the form, so autosave keeps them.
const ADULT_QUESTIONS = ["consents_to_nrm", "care_and_support_needs", "unable_to_protect_self", "access_refused"];

function typedAge(form) {
  const born = form.querySelector('[name="person-date_of_birth"]');
  const approximate = form.querySelector('[name="person-approximate_age"]');
  if (born && born.value) {
    const day = new Date(`${born.value}T00:00:00`);
    const today = new Date();
    if (!Number.isNaN(day.getTime()) && day <= today) {
      let age = today.getFullYear() - day.getFullYear();
      const before = today.getMonth() < day.getMonth()
        || (today.getMonth() === day.getMonth() && today.getDate() < day.getDate());
      if (before) age -= 1;
      return age;
    }
  }
  if (approximate && approximate.value.trim() !== "") {
    const age = Number(approximate.value);
    if (Number.isInteger(age) && age >= 0 && age <= 120) return age;
  }
  return null;
}

function showWhatApplies(form) {
  const ageFields = form.querySelectorAll(
    '[name="person-date_of_birth"], [name="person-approximate_age"], [name="person-age_disputed"]',
  );
  // A known person's age is on their record: the server has already decided.
  if (!ageFields.length) return;
  const adultSection = document.getElementById("adult-questions");
  const apply = () => {
    const age = typedAge(form);
    const disputed = form.querySelector('[name="person-age_disputed"]');
    const known = age !== null && !(disputed && disputed.checked);
    const child = known && age < 18;
    const adult = known && age >= 18;
    if (adultSection) {
      const answered = ADULT_QUESTIONS.some((name) => {
        const chosen = form.querySelector(`input[name="${name}"]:checked`);
        return chosen && chosen.value !== "not_known";
      });
      adultSection.hidden = child && !answered;
    }
    form.querySelectorAll("[data-signs-group]").forEach((group) => {
      let visible = 0;
      group.querySelectorAll("[data-audience]").forEach((item) => {
        const audience = item.dataset.audience;
        const ticked = item.querySelector("input:checked");
        const applies = audience === "both" || (audience === "child" && !adult)
          || (audience === "adult" && !child);
        item.hidden = !(applies || ticked);
        if (!item.hidden) visible += 1;
      });
      group.hidden = visible === 0;
    });
  };
  ageFields.forEach((field) => {
    field.addEventListener("input", apply);
    field.addEventListener("change", apply);
  });
  apply();
}

if (form) showWhatApplies(form);

// What applies by the answers given (the server decides the same on every load, and without
// JavaScript "Show the questions that apply" asks it): a clear "no" hides the question that
// follows from it, unless that question is already answered; no answer, or "not known", keeps
// it open. The second person appears once something is written about the first. Hidden fields
// stay in the form, so autosave and the submission keep them. The change happens away from the
// radio being answered, so a polite live region says what changed.
function followAnswers(form) {
  const changes = document.getElementById("form-changes");
  const say = (key) => {
    if (changes) changes.textContent = changes.dataset[key] || "";
  };
  form.querySelectorAll("[data-follows]").forEach((followUp) => {
    const lead = followUp.dataset.follows;
    const apply = (announce) => {
      const chosen = form.querySelector(`input[name="${lead}"]:checked`);
      const answer = followUp.querySelector('input[type="radio"]:checked');
      const answered = Boolean(answer && answer.value !== "not_known");
      const hide = Boolean(chosen && chosen.value === "no") && !answered;
      if (followUp.hidden === hide) return;
      followUp.hidden = hide;
      if (announce) say(hide ? "followUpHidden" : "followUpShown");
    };
    form.querySelectorAll(`input[name="${lead}"]`).forEach((radio) => {
      radio.addEventListener("change", () => apply(true));
    });
    apply(false);
  });

  const another = form.querySelector("[data-shown-after]");
  if (another) {
    const fields = form.querySelectorAll(`[name^="${another.dataset.shownAfter}-"]`);
    const apply = (announce) => {
      // Once shown it stays: what is typed there must not vanish when the first is cleared.
      if (!another.hidden) return;
      if (![...fields].some((field) => field.value.trim() !== "")) return;
      another.hidden = false;
      if (announce) say("personShown");
    };
    fields.forEach((field) => {
      field.addEventListener("input", () => apply(true));
      field.addEventListener("change", () => apply(true));
    });
    apply(false);
  }

  // The form follows the answers as they are given, so the buttons that ask the server to
  // do it are not needed.
  form.querySelectorAll("[data-without-script]").forEach((button) => {
    button.hidden = true;
  });
}

if (form) followAnswers(form);
