// planloop/checkHub: whether a folder may be written (inside the workspace, no `..`, no symlink out).
import { checkHubPath } from '../core/run/hygiene';
import type { Session } from './session';

export function checkHub(session: Session, hub: string): { error?: string } {
  return { error: checkHubPath(session.index.fs, session.index.root, hub) };
}
