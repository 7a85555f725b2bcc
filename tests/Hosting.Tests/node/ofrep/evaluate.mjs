// Evaluates flags through OpenFeature's Node server SDK and its OFREP provider against a MapOfrep server.
// Usage: node evaluate.mjs <baseUrl> <evaluations.json>
// evaluations.json: [{ "flag": "...", "type": "boolean|string|number|object", "default": ..., "context": {...} }]
// Prints one JSON array of { flag, value, reason, variant, errorCode } in the same order.
import { readFileSync } from 'node:fs';
import { OpenFeature } from '@openfeature/server-sdk';
import { OFREPProvider } from '@openfeature/ofrep-provider';

const [baseUrl, evaluationsFile] = process.argv.slice(2);
const evaluations = JSON.parse(readFileSync(evaluationsFile, 'utf8'));

await OpenFeature.setProviderAndWait(new OFREPProvider({ baseUrl }));
const client = OpenFeature.getClient();
const detailsOf = {
  boolean: (e) => client.getBooleanDetails(e.flag, e.default, e.context),
  string: (e) => client.getStringDetails(e.flag, e.default, e.context),
  number: (e) => client.getNumberDetails(e.flag, e.default, e.context),
  object: (e) => client.getObjectDetails(e.flag, e.default, e.context),
};

const results = [];
for (const evaluation of evaluations) {
  const details = await detailsOf[evaluation.type](evaluation);
  results.push({
    flag: evaluation.flag,
    value: details.value,
    reason: details.reason ?? null,
    variant: details.variant ?? null,
    errorCode: details.errorCode ?? null,
  });
}

await OpenFeature.close();
console.log(JSON.stringify(results));
