// Bulk evaluation with OpenFeature's OFREP core client, the way the web provider polls it: a first request, then
// the same request with If-None-Match set to the ETag it got.
// Usage: node bulk.mjs <baseUrl> <targetingKey>
// Prints { first: { status, etag, flags }, second: { status, etag } }.
import { OFREPApi } from '@openfeature/ofrep-core';

const [baseUrl, targetingKey] = process.argv.slice(2);
const api = new OFREPApi(baseUrl, fetch);
const request = { context: { targetingKey } };

const first = await api.postBulkEvaluateFlags(request);
const etag = first.httpResponse.headers.get('ETag');
const second = await api.postBulkEvaluateFlags(request, { headers: [['If-None-Match', etag]] });

console.log(JSON.stringify({
  first: { status: first.httpStatus, etag, flags: first.value.flags },
  second: { status: second.httpStatus, etag: second.httpResponse.headers.get('ETag') },
}));
