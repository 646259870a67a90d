// The side panels: one open at a time, each opened and closed by its
// toolbar button (aria-expanded) or its close button; Escape closes it.

/**
 * Panels manages the buttons [aria-controls] of toolbar and the panels
 * they name; onChange(name or null) runs after each change. A panel's
 * name is its id without the "panel-" prefix.
 */
export class Panels {
  constructor(toolbar, sidebar, onChange) {
    this.sidebar = sidebar;
    this.onChange = onChange;
    this.buttons = [...toolbar.querySelectorAll('button[aria-controls]')];
    for (const b of this.buttons) {
      b.addEventListener('click', () => this.toggle(nameOf(b.getAttribute('aria-controls'))));
    }
    for (const close of sidebar.querySelectorAll('[data-action=close-panel]')) {
      close.addEventListener('click', () => this.close());
    }
    this.current = null;
  }

  /** open shows the panel name and hides the others. */
  open(name) {
    if (!document.getElementById(`panel-${name}`)) return;
    this.set(name);
  }

  /** close hides the open panel; it reports whether one was open. */
  close() {
    const was = this.current;
    if (!was) return false;
    this.set(null);
    this.buttons.find((b) => b.getAttribute('aria-controls') === `panel-${was}`)?.focus();
    return true;
  }

  toggle(name) {
    this.set(this.current === name ? null : name);
  }

  set(name) {
    this.current = name;
    for (const b of this.buttons) {
      const id = b.getAttribute('aria-controls');
      const on = nameOf(id) === name;
      b.setAttribute('aria-expanded', String(on));
      document.getElementById(id).hidden = !on;
    }
    this.sidebar.hidden = name == null;
    this.onChange?.(name);
  }
}

function nameOf(id) {
  return id.replace(/^panel-/, '');
}
