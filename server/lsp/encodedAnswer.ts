// Answers whose JSON is already written, in parts a feature keeps between versions of a document
// (after a keystroke a ledger's outline is the same but for the entry typed in). The stdio writer
// puts the parts on the wire as they are, so the unchanged parts are neither stringified nor
// encoded again; any other writer calls toJSON, which reads them back (the same answer, slower).
import { Buffer } from 'node:buffer';
import type { ContentTypeEncoder, ContentTypeEncoderOptions, Message, ResponseMessage } from 'vscode-languageserver/node';

const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');
const CLOSE_OBJECT = Buffer.from('}');

export class EncodedAnswer<R> {
  /** The answer's type, for the feature table's checks; no value is held. */
  declare readonly answerType: R;

  private constructor(
    /** The answer's JSON text, UTF-8, in order. */
    readonly parts: readonly Buffer[],
  ) {}

  /** A JSON array of the given element texts. */
  static array<E>(elements: readonly Buffer[]): EncodedAnswer<E[]> {
    const parts: Buffer[] = [OPEN];
    elements.forEach((element, i) => parts.push(...(i ? [COMMA, element] : [element])));
    parts.push(CLOSE);
    return new EncodedAnswer<E[]>(parts);
  }

  /** The answer itself, for a writer that stringifies (JSON.stringify calls this). */
  toJSON(): R {
    return JSON.parse(Buffer.concat(this.parts).toString('utf8')) as R;
  }
}

/** One value's JSON text as a part. */
export function encodePart(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

function isResponse(message: Message): message is ResponseMessage {
  return 'id' in message && 'result' in message;
}

/**
 * The stdio writer's encoder: a response whose result is an EncodedAnswer is joined from its
 * parts; every other message is JSON.stringify'd as vscode-jsonrpc's own encoder does.
 */
export const encodedAnswerJson: ContentTypeEncoder = {
  name: 'application/json',
  encode(message: Message, options: ContentTypeEncoderOptions): Promise<Uint8Array> {
    try {
      if (isResponse(message) && message.result instanceof EncodedAnswer) {
        const head = Buffer.from(`{"jsonrpc":${JSON.stringify(message.jsonrpc)},"id":${JSON.stringify(message.id)},"result":`, 'utf8');
        return Promise.resolve(Buffer.concat([head, ...(message.result as EncodedAnswer<unknown>).parts, CLOSE_OBJECT]));
      }
      return Promise.resolve(Buffer.from(JSON.stringify(message), options.charset));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  },
};
