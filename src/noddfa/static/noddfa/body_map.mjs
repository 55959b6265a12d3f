// The body map's picture, made clickable. Optional: the checkbox list beside it is the
// record and works alone, by keyboard and without JavaScript. Styling is by class only,
// because the content security policy allows no inline style.

const SELECTED = "noddfa-body-map__region--selected";
const ENHANCED = "noddfa-body-map--enhanced";

function checkboxesByRegion(root) {
  const boxes = new Map();
  for (const box of root.querySelectorAll('input[type="checkbox"][name="body_map_region"]')) {
    boxes.set(box.value, box);
  }
  return boxes;
}

function noteFor(root, box) {
  // govuk-frontend moves data-aria-controls to aria-controls once it has started.
  const id = box.getAttribute("aria-controls") || box.dataset.ariaControls;
  return id ? root.querySelector(`#${CSS.escape(id)} input`) : null;
}

export function enhanceBodyMap(root) {
  if (root.classList.contains(ENHANCED)) return;
  root.classList.add(ENHANCED);
  const boxes = checkboxesByRegion(root);
  const shapes = root.querySelectorAll("svg [data-region]");

  const paint = () => {
    for (const shape of shapes) {
      shape.classList.toggle(SELECTED, Boolean(boxes.get(shape.dataset.region)?.checked));
    }
  };

  for (const shape of shapes) {
    shape.addEventListener("click", () => {
      const box = boxes.get(shape.dataset.region);
      if (!box) return;
      // A real click, so the Design System's conditional reveal runs as if the box was used.
      box.click();
      // Next comes saying what was seen, so go to the note; unticking returns to the box.
      (box.checked ? noteFor(root, box) : box)?.focus();
    });
  }
  root.addEventListener("change", paint);
  paint();
}

export function enhanceBodyMaps(scope = document) {
  for (const root of scope.querySelectorAll('[data-module="noddfa-body-map"]')) {
    enhanceBodyMap(root);
  }
}

enhanceBodyMaps();
