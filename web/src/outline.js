// The outline panel: the document's sections, groups and tasks from /api/outline, with the
// everyday edits sent to /api/outline/edit (the server rewrites the YAML, keeping comments).
import { ask, el, modal } from './ui.js';

const TYPE_NAMES = { section: '部分', group: '分组', task: '任务', item: '条目' };
const CHILD_TYPES = { section: ['task', 'group'], group: ['task'], task: [], item: [] };

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** Draw `answer` (the /api/outline shape, or {error}) into `box`; `actions` has
 *  edit(op), reveal(line) and unitNames(). */
export function renderOutline(box, answer, actions) {
  const scroll = box.scrollTop;
  box.replaceChildren();
  if (!answer || answer.error) {
    box.append(el('p', { class: 'empty error', text: '大纲暂不可用：' + ((answer && answer.error) || '未知错误') }));
    return;
  }
  const tree = answer.tree || [];
  const sections = tree.filter((n) => n.type === 'section');
  const containers = [];
  const collect = (nodes) => {
    for (const n of nodes) {
      if (n.type === 'section' || n.type === 'group') containers.push(n);
      collect(n.children || []);
    }
  };
  collect(tree);

  const list = el('ul', { class: 'tree' });
  const draw = (nodes, into, parent) => {
    for (const node of nodes) {
      const siblings = nodes.filter((n) => n.type === node.type);
      const position = siblings.indexOf(node);
      const index = node.path[node.path.length - 1];
      const parentPath = parent ? parent.path : [];
      const tools = el('span', { class: 'tools' });
      const tool = (label, title, fn, disabled) =>
        tools.append(el('button', { type: 'button', title, text: label, disabled: !!disabled, 'data-op': title, onclick: (e) => (e.stopPropagation(), fn()) }));
      if (node.type !== 'item') {
        tool('↑', '上移', () => actions.edit({ op: 'move', node: node.path, parent: parentPath, index: index - 1 }), position === 0);
        tool('↓', '下移', () => actions.edit({ op: 'move', node: node.path, parent: parentPath, index: index + 1 }), position === siblings.length - 1);
      }
      if (node.type === 'task' || node.type === 'group') {
        const targets = containers.filter((c) => !same(c.path, parentPath) && !same(c.path, node.path) && (node.type === 'task' || c.type === 'section'));
        tool('⇥', '移到', () => moveTo(node, targets, actions), !targets.length);
      }
      tool('✎', '改标题', async () => {
        const title = await ask('修改标题', TYPE_NAMES[node.type] + '标题', node.title || '');
        if (title) actions.edit({ op: 'set', node: node.path, field: 'title', value: title });
      });
      if (node.type === 'task') {
        tool('单位', '责任单位', () => pickUnits(node, actions));
        tool('期限', '完成时限', async () => {
          const value = await ask('完成时限', '完成时限（留空为不设）', node.deadline || '', '例如 2025-06-30、6月底、全年');
          if (value !== null) actions.edit({ op: 'set', node: node.path, field: 'deadline', value: value || null });
        });
      }
      for (const type of CHILD_TYPES[node.type] || []) {
        const count = (node.children || []).filter((c) => c.type === type).length;
        tool('+' + TYPE_NAMES[type], '添加' + TYPE_NAMES[type], () => add(node.path, type, count, actions));
      }
      if (node.type !== 'item')
        tool('✕', '删除', async () => {
          const ok = await modal('删除', el('p', { text: `删除${TYPE_NAMES[node.type]}“${node.title || ''}”${(node.children || []).length ? '及其下的全部内容' : ''}？（可以用 Ctrl+Z 撤销）` }), [
            { label: '取消', value: false },
            { label: '删除', value: true, danger: true },
          ]);
          if (ok) actions.edit({ op: 'delete', node: node.path });
        });
      const meta = [];
      if (node.lead && node.lead.length) meta.push('牵头：' + node.lead.join('、'));
      if (node.units && node.units.length) meta.push('责任：' + node.units.join('、'));
      if (node.deadline) meta.push('时限：' + node.deadline);
      const row = el(
        'div',
        { class: 'row ' + node.type, onclick: () => node.line && actions.reveal(node.line), title: `第 ${node.line} 行` },
        el('span', { class: 'type', text: TYPE_NAMES[node.type] || node.type }),
        el('span', { class: 'label', text: node.label || node.title || '（无标题）' }),
        tools,
      );
      const li = el('li', { 'data-path': JSON.stringify(node.path), 'data-type': node.type }, row, meta.length ? el('div', { class: 'meta', text: meta.join('；') }) : null);
      into.append(li);
      if (node.children && node.children.length) {
        const sub = el('ul', {});
        draw(node.children, sub, node);
        li.append(sub);
      }
    }
  };
  draw(tree, list, null);
  if (!tree.length) list.append(el('li', { class: 'empty', text: '（还没有内容）' }));
  box.append(list);
  if (sections.length || !tree.length)
    box.append(el('button', { type: 'button', class: 'add-section', text: '+ 添加部分', onclick: () => add([], 'section', sections.length, actions) }));
  box.scrollTop = scroll;
}

async function add(parent, type, index, actions) {
  const title = await ask('添加' + TYPE_NAMES[type], TYPE_NAMES[type] + '标题', '');
  if (title) actions.edit({ op: 'add', parent, type, index, title });
}

async function moveTo(node, targets, actions) {
  const pick = el('select', {}, targets.map((t, i) => el('option', { value: String(i), text: `${TYPE_NAMES[t.type]}：${t.title || ''}` })));
  const ok = await modal('移到', el('label', { class: 'field' }, el('span', { text: `把“${node.title || ''}”移到：` }), pick), [
    { label: '取消', value: false },
    { label: '移动', value: true, primary: true },
  ]);
  if (!ok) return;
  const target = targets[Number(pick.value)];
  const index = (target.children || []).filter((c) => c.type === node.type).length;
  actions.edit({ op: 'move', node: node.path, parent: target.path, index });
}

async function pickUnits(node, actions) {
  const names = actions.unitNames();
  const grid = (field, chosen) => {
    const all = [...names, ...chosen.filter((n) => !names.includes(n))];
    return el(
      'div',
      { class: 'units-grid', 'data-field': field },
      all.length
        ? all.map((n) => el('label', {}, el('input', { type: 'checkbox', value: n, checked: chosen.includes(n) }), n))
        : el('p', { class: 'empty', text: '单位名册（units.yaml）里没有单位' }),
    );
  };
  const lead = grid('lead', node.lead || []);
  const units = grid('units', node.units || []);
  const ok = await modal('责任单位', el('div', {}, el('h3', { text: '牵头单位' }), lead, el('h3', { text: '责任单位' }), units), [
    { label: '取消', value: false },
    { label: '确定', value: true, primary: true },
  ], { id: 'units' });
  if (!ok) return;
  const value = (box) => [...box.querySelectorAll('input:checked')].map((i) => i.value);
  const newLead = value(lead);
  const newUnits = value(units);
  if (!same(newLead, node.lead || [])) await actions.edit({ op: 'set', node: node.path, field: 'lead', value: newLead });
  if (!same(newUnits, node.units || [])) await actions.edit({ op: 'set', node: node.path, field: 'units', value: newUnits });
}
