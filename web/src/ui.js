// Small DOM helpers: elements, modal dialogs, notices. No framework.

/** Make `<tag>` with `attrs` (on* become listeners, class/text/html special) and children. */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key in node && typeof value !== 'string') node[key] = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Show a modal dialog; resolve with the value of the button pressed (null when closed).
 *  `buttons`: [{label, value, primary, danger}]; `options.wide` for side-by-side views;
 *  `options.onOpen(dialog)` runs once it is in the page. */
export function modal(title, body, buttons, options = {}) {
  return new Promise((resolve) => {
    const dialog = el('dialog', { class: 'modal' + (options.wide ? ' wide' : ''), 'data-dialog': options.id || '' });
    const close = (value) => {
      dialog.close();
      dialog.remove();
      if (options.onClose) options.onClose();
      resolve(value);
    };
    const row = el(
      'div',
      { class: 'buttons' },
      (buttons || [{ label: '关闭', value: null }]).map((b) =>
        el('button', {
          type: 'button',
          class: b.primary ? 'primary' : b.danger ? 'danger' : '',
          'data-value': String(b.value),
          text: b.label,
          onclick: async () => {
            if (b.check && !(await b.check(dialog))) return;
            close(b.value);
          },
        }),
      ),
    );
    dialog.append(
      el('header', {}, el('h2', { text: title }), el('button', { class: 'x', type: 'button', title: '关闭', text: '×', onclick: () => close(null) })),
      el('div', { class: 'body' }, body),
      row,
    );
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      close(null);
    });
    document.body.append(dialog);
    dialog.showModal();
    if (options.onOpen) options.onOpen(dialog);
    const focus = dialog.querySelector('input, select, textarea');
    if (focus) focus.focus();
  });
}

let noticeTimer = 0;

/** Show `message` in the notice line; `kind` is 'info', 'ok' or 'error'. */
export function notice(message, kind = 'info') {
  const line = document.getElementById('notice');
  line.textContent = message;
  line.className = 'notice ' + kind;
  line.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => (line.hidden = true), kind === 'error' ? 12000 : 5000);
}

/** Ask for a line of text; resolve with it (trimmed) or null. */
export async function ask(title, label, value = '', hint = '') {
  const input = el('input', { type: 'text', value, name: 'answer' });
  const body = el('label', { class: 'field' }, el('span', { text: label }), input, hint ? el('small', { text: hint }) : null);
  let result = null;
  const pressed = await modal(title, body, [
    { label: '取消', value: false },
    { label: '确定', value: true, primary: true, check: () => ((result = input.value.trim()), true) },
  ], {
    onOpen: (dialog) =>
      input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') dialog.querySelector('button.primary').click();
      }),
  });
  return pressed ? result : null;
}
