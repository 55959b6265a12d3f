import { initAll } from "/static/govuk/govuk-frontend.min.js";
import { watchSessionIdle } from "/static/noddfa/session.mjs";

initAll();
watchSessionIdle(document);
