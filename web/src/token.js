// Asking the analyst for the API token in a modal dialog.

/**
 * tokenPrompt returns ask(message), which opens dialog and resolves to
 * the token typed, or null when the dialog is cancelled (Escape too).
 */
export function tokenPrompt(dialog) {
  const form = dialog.querySelector('form');
  const input = form.elements.namedItem('token');
  const note = dialog.querySelector('[role=alert]');
  return (message) => new Promise((resolve) => {
    note.textContent = message ?? '';
    note.hidden = !message;
    input.value = '';
    dialog.returnValue = '';
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'ok' && input.value.trim() ? input.value.trim() : null);
    }, { once: true });
    dialog.showModal();
    input.focus();
  });
}
