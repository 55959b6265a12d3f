// Speak-up receipt page: a "Copy" button, shown only where it can work. Without JavaScript
// the page offers the download and the typed-back check, which are enough on their own.
const button = document.querySelector("[data-noddfa-copy]");
const receipt = document.querySelector("[data-noddfa-receipt]");
if (button && receipt && navigator.clipboard) {
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(receipt.textContent.trim());
      button.textContent = button.dataset.copied;
    } catch {
      button.hidden = true;
    }
  });
}
