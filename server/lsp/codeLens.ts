// Code lens data: ▶ Run / ✓ Done / ◐ In progress / Artifacts n/m on rows; ▶ Run / Go to on Do Now
// items; Sync ledger / New attempt on initiatives. The client registers the commands.
import type { CodeLens } from 'vscode-languageserver';
import type { IndexedDocument, WorkspaceIndex } from '../core/index/workspace';
import type { Row } from '../core/model/model';
import { markerFor } from '../core/model/states';
import { Commands } from '../protocol';
import { rangeOf, type UriMapper } from './wire';

export interface LensSettings {
  runRow: boolean;
  rowState: boolean;
  artifacts: boolean;
  doNow: boolean;
  ledger: boolean;
}

export const DEFAULT_LENSES: LensSettings = { runRow: true, rowState: true, artifacts: true, doNow: true, ledger: true };

function rowLenses(
  index: WorkspaceIndex,
  doc: IndexedDocument,
  row: Row,
  uris: UriMapper,
  settings: LensSettings,
  trusted: boolean,
): CodeLens[] {
  const range = rangeOf(doc, row.span.start, row.span.start);
  const line = range.start.line;
  const arg = { uri: uris.toUri(doc.path), rowId: row.id, line };
  const lenses: CodeLens[] = [];
  if (settings.runRow && trusted && row.commands.length)
    lenses.push({ range, command: { title: `▶ Run ${row.id}`, command: Commands.runRow, arguments: [arg] } });
  if (settings.rowState) {
    if (row.state !== 'done')
      lenses.push({
        range,
        command: { title: '✓ Done', command: Commands.markRowState, arguments: [{ ...arg, marker: markerFor('done', doc.family) }] },
      });
    if (row.state !== 'in-progress' && row.state !== 'done')
      lenses.push({
        range,
        command: {
          title: '◐ In progress',
          command: Commands.markRowState,
          arguments: [{ ...arg, marker: markerFor('in-progress', doc.family) }],
        },
      });
  }
  if (settings.artifacts) {
    const status = index.artifactStatus(doc, row).filter((a) => !a.templated);
    if (status.length) {
      const landed = status.filter((a) => a.stat).length;
      lenses.push({
        range,
        command: { title: `Artifacts ${landed}/${status.length}`, command: Commands.openArtifacts, arguments: [arg] },
      });
    }
  }
  return lenses;
}

export function codeLenses(
  index: WorkspaceIndex,
  doc: IndexedDocument,
  uris: UriMapper,
  settings: LensSettings,
  trusted: boolean,
): CodeLens[] {
  const model = doc.model;
  if (model.kind === 'plan') {
    return [...model.looseRows, ...model.phases.flatMap((p) => p.rows)].flatMap((row) =>
      row.id ? rowLenses(index, doc, row, uris, settings, trusted) : [],
    );
  }
  if (model.kind === 'handoff' && settings.doNow) {
    return model.doNow.flatMap((item) => {
      const range = rangeOf(doc, item.span.start, item.span.start);
      const lenses: CodeLens[] = [];
      for (const id of item.rowIds) {
        const hit =
          (item.planPath ? index.findRows(id, { planPath: item.planPath }) : index.findRows(id, { initiativeId: item.initiativeId }))[0] ??
          index.findRows(id)[0];
        if (!hit) continue;
        const arg = { uri: uris.toUri(hit.doc.path), rowId: id, line: rangeOf(hit.doc, hit.row.span.start, hit.row.span.start).start.line };
        if (trusted && hit.row.commands.length)
          lenses.push({ range, command: { title: `▶ Run ${id}`, command: Commands.runRow, arguments: [arg] } });
        lenses.push({ range, command: { title: `Go to ${id}`, command: Commands.revealRow, arguments: [arg] } });
      }
      return lenses;
    });
  }
  if (model.kind === 'ledger' && settings.ledger) {
    return model.initiatives
      .filter((ini) => ini.shape !== 'roadmap')
      .flatMap((ini) => {
        const range = rangeOf(doc, ini.headingSpan.start, ini.headingSpan.start);
        return [
          { range, command: { title: 'Sync ledger', command: Commands.syncLedger, arguments: [] } },
          { range, command: { title: 'New attempt', command: Commands.newAttempt, arguments: [{ initiativeId: ini.id }] } },
        ];
      });
  }
  return [];
}
