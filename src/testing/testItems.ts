// The Testing view's items from planloop/testTree: initiative → plan → row → the pytest node IDs the
// row cites, and a Mapped tests group for the handoff. Rows and nodes carry their source ranges, so
// the plan row and the test's `def` get gutter marks. A node that cannot be found carries the
// server's reason as the item's error.
import * as vscode from 'vscode';
import type { TestTreeNode, TestTreeResult, WireLocation } from '../../server/protocol';
import { toRange } from '../convert';

/** What running an item means: a plan row (its commands, as ▶ Run), or the handoff's Mapped tests. */
export type RunUnit = { kind: 'row'; uri: string; rowId: string; line: number; label: string } | { kind: 'mapped'; label: string };

export interface ItemData {
  /** The unit the item runs with (every item but initiatives and plans has one). */
  readonly unit?: RunUnit;
  /** For a test node: its pytest node ID. */
  readonly nodeId?: string;
}

/**
 * An item by ID: the one the view holds, updated in place (a run in progress keeps reporting on
 * it), or a new one when there is none or its file changed.
 */
type ItemMaker = (id: string, label: string, uri: string | undefined) => vscode.TestItem;

function itemMaker(controller: vscode.TestController): ItemMaker {
  const existing = new Map<string, vscode.TestItem>();
  const walk = (items: vscode.TestItemCollection): void =>
    items.forEach((item) => {
      existing.set(item.id, item);
      walk(item.children);
    });
  walk(controller.items);
  return (id, label, uri) => {
    const old = existing.get(id);
    if (old && old.uri?.toString() === uri) {
      old.label = label;
      old.range = undefined;
      old.error = undefined;
      return old;
    }
    return controller.createTestItem(id, label, uri === undefined ? undefined : vscode.Uri.parse(uri));
  };
}

const located = (item: vscode.TestItem, location: WireLocation | undefined): void => {
  if (location) item.range = toRange(location.range);
};

function nodeItem(
  make: ItemMaker,
  parentId: string,
  node: TestTreeNode,
  data: WeakMap<vscode.TestItem, ItemData>,
  unit: RunUnit,
): vscode.TestItem {
  const [file, ...parts] = node.nodeId.split('::');
  const label = parts.length ? parts.join('::') : file;
  const item = make(`${parentId}::${node.nodeId}`, label, node.location?.uri);
  item.description = parts.length ? file : 'whole file';
  located(item, node.location);
  if (node.error) item.error = node.error;
  data.set(item, { unit, nodeId: node.nodeId });
  return item;
}

/** Sets the controller's items to the tree's, keeping the items it holds by ID; `data` gets what a run needs of each. */
export function fillTestItems(controller: vscode.TestController, tree: TestTreeResult, data: WeakMap<vscode.TestItem, ItemData>): void {
  const make = itemMaker(controller);
  const roots: vscode.TestItem[] = [];
  if (tree.mapped && tree.mapped.tests.length) {
    const unit: RunUnit = { kind: 'mapped', label: 'Mapped tests' };
    const group = make('mapped', 'Mapped tests', tree.mapped.uri);
    group.description = 'handoff';
    group.sortText = '0';
    data.set(group, { unit });
    group.children.replace(tree.mapped.tests.map((node) => nodeItem(make, 'mapped', node, data, unit)));
    roots.push(group);
  }
  for (const [i, ini] of tree.initiatives.entries()) {
    const initiative = make(`initiative:${ini.id}`, ini.id, undefined);
    initiative.description = ini.title !== ini.id ? ini.title : 'initiative';
    initiative.sortText = `1${String(i).padStart(5, '0')}`;
    data.set(initiative, {});
    initiative.children.replace(
      ini.plans.map((plan) => {
        const planItem = make(`plan:${plan.uri}`, plan.label, plan.uri);
        planItem.description = plan.where ? `plan · ${plan.where}` : 'plan';
        data.set(planItem, {});
        planItem.children.replace(
          plan.rows.map((row, j) => {
            // By its ID, so an edit above the row keeps the item (and its results); the line only
            // tells apart rows without an ID or sharing one.
            const byId = `row:${plan.uri}#${row.id}`;
            const shared = !row.id || plan.rows.filter((r) => r.id === row.id).length > 1;
            const id = shared ? `${byId}:${row.location.range.start.line}` : byId;
            const rowItem = make(id, row.id ? `${row.id}  ${row.title}` : row.title, plan.uri);
            rowItem.description = 'plan row';
            rowItem.sortText = String(j).padStart(5, '0');
            located(rowItem, row.location);
            const unit: RunUnit = {
              kind: 'row',
              uri: plan.uri,
              rowId: row.id,
              line: row.location.range.start.line,
              label: row.id || row.title,
            };
            data.set(rowItem, { unit });
            rowItem.children.replace(row.tests.map((node) => nodeItem(make, id, node, data, unit)));
            return rowItem;
          }),
        );
        return planItem;
      }),
    );
    roots.push(initiative);
  }
  controller.items.replace(roots);
}
