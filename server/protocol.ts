// Custom LSP requests shared by the server and the client: the one place their wire types live.
// Only plain JSON types here, so both sides (and tests) can import this file.
import { RequestType, RequestType0, NotificationType } from 'vscode-languageserver-protocol';

export interface WireRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface WireLocation {
  uri: string;
  range: WireRange;
}

export interface ServerInfo {
  version: string;
  indexedFiles: number;
  plans: number;
  ledgers: number;
  handoffs: number;
}

export interface TreeRow {
  id: string;
  title: string;
  rawState: string;
  state: string;
  guidance: string;
  commands: string[];
  artifacts: string[];
  parentId?: string;
  location: WireLocation;
  stateRange: WireRange;
}

export interface TreePhase {
  id: string;
  title: string;
  location: WireLocation;
  done: number;
  total: number;
  rows: TreeRow[];
}

export interface TreePlan {
  uri: string;
  relativePath: string;
  initiativeId?: string;
  title?: string;
  done: number;
  total: number;
  phases: TreePhase[];
}

export interface TreeInitiative {
  id: string;
  title: string;
  status: string;
  plans: TreePlan[];
}

export interface PlanTreeResult {
  initiatives: TreeInitiative[];
}

export const PlanTreeRequest = new RequestType0<PlanTreeResult, void>('planloop/planTree');
export const ServerInfoRequest = new RequestType0<ServerInfo, void>('planloop/serverInfo');

/** Sent by the server when the index changed, so views can refresh. */
export const IndexChangedNotification = new NotificationType<{ uris: string[] }>('planloop/indexChanged');

export interface RowDetailsParams {
  uri: string;
  rowId: string;
}
export const RowDetailsRequest = new RequestType<RowDetailsParams, TreeRow | null, void>('planloop/rowDetails');
