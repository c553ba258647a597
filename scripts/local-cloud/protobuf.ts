/**
 * The two protobuf messages of wx-server-sdk's `cloud.openapi.*` calls, hand-coded (varints and
 * length-delimited fields are all they use). Field numbers from wx-server-sdk 4.0.2's src/protobuf/openapi:
 *
 * - request `CommApiData { apiType = 1 (int32), openapiData = 2 (OpenApiData), appid = 6 (string) }`,
 *   `OpenApiData { pairs = 1 (repeated KeyValuePair) }`, `KeyValuePair { key = 1 (string),
 *   value = 2 (bytes: the JSON of the parameter), contenttype = 3, filename = 4 }`;
 * - answer `CommOpenApiResp { respData = 1 (bytes), contentType = 2 (string), errorCode = 3 (int32),
 *   httpCode = 4 (uint32) }`.
 */

export interface OpenApiRequest {
  apiType: number;
  appid: string;
  /** parameter name (snake_case, as the SDK converts them) → its raw JSON bytes */
  pairs: Map<string, Buffer>;
}

export interface OpenApiAnswer {
  respData?: Buffer;
  contentType?: string;
  errorCode?: number;
  httpCode?: number;
}

interface Field {
  no: number;
  wire: number;
  varint?: number;
  bytes?: Buffer;
}

function readVarint(buf: Buffer, pos: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    if (pos >= buf.length) throw new Error('truncated protobuf varint');
    const byte = buf[pos++] as number;
    result += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [result, pos];
    shift += 7;
  }
}

function* fields(buf: Buffer): Generator<Field> {
  let pos = 0;
  while (pos < buf.length) {
    const [tag, afterTag] = readVarint(buf, pos);
    const no = Math.floor(tag / 8);
    const wire = tag & 7;
    pos = afterTag;
    if (wire === 0) {
      const [value, next] = readVarint(buf, pos);
      pos = next;
      yield { no, wire, varint: value };
    } else if (wire === 2) {
      const [length, next] = readVarint(buf, pos);
      const bytes = buf.subarray(next, next + length);
      pos = next + length;
      yield { no, wire, bytes };
    } else if (wire === 5) {
      pos += 4;
    } else if (wire === 1) {
      pos += 8;
    } else {
      throw new Error(`unsupported protobuf wire type ${wire}`);
    }
  }
}

export function decodeOpenApiRequest(buf: Buffer): OpenApiRequest {
  const request: OpenApiRequest = { apiType: 0, appid: '', pairs: new Map() };
  for (const field of fields(buf)) {
    if (field.no === 1 && field.varint !== undefined) request.apiType = field.varint;
    else if (field.no === 6 && field.bytes) request.appid = field.bytes.toString('utf8');
    else if (field.no === 2 && field.bytes) {
      for (const pair of fields(field.bytes)) {
        if (pair.no !== 1 || !pair.bytes) continue;
        let key = '';
        let value = Buffer.alloc(0);
        for (const kv of fields(pair.bytes)) {
          if (kv.no === 1 && kv.bytes) key = kv.bytes.toString('utf8');
          else if (kv.no === 2 && kv.bytes) value = Buffer.from(kv.bytes);
        }
        request.pairs.set(key, value);
      }
    }
  }
  return request;
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  // int32 negatives are written as 10-byte two's complement varints.
  let v = value < 0 ? BigInt.asUintN(64, BigInt(value)) : BigInt(value);
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    bytes.push(byte);
  } while (v > 0n);
  return Buffer.from(bytes);
}

function lengthDelimited(no: number, bytes: Buffer): Buffer {
  return Buffer.concat([varint(no * 8 + 2), varint(bytes.length), bytes]);
}

export function encodeOpenApiAnswer(answer: OpenApiAnswer): Buffer {
  const parts: Buffer[] = [];
  if (answer.respData) parts.push(lengthDelimited(1, answer.respData));
  if (answer.contentType !== undefined) parts.push(lengthDelimited(2, Buffer.from(answer.contentType)));
  if (answer.errorCode !== undefined) parts.push(varint(3 * 8), varint(answer.errorCode));
  if (answer.httpCode !== undefined) parts.push(varint(4 * 8), varint(answer.httpCode));
  return Buffer.concat(parts);
}
