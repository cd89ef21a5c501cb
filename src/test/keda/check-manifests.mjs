// Checks KEDA manifests against the schema that @kubernetes-models/keda generates from KEDA's own
// API types, strictly. Reads a JSON array of {source, manifest} on stdin; prints one line per
// problem and exits 1 if there is any, 0 if all are valid.
//
// The package's validators check types and required fields but let unknown fields through, as
// the CRD's pruning would drop them silently. To reject those, each manifest is handed to the
// validator wrapped in proxies that record which keys the validator reads: a schema object
// reads exactly its declared properties (a free-form map such as a trigger's metadata reads
// all of its keys), so a key the validator never looked at is one the schema does not have.
import * as keda from "@kubernetes-models/keda/keda.sh/v1alpha1";

function watched(value, path, read) {
  if (value === null || typeof value !== "object") return value;
  const copy = Array.isArray(value)
    ? value.map((item, i) => watched(item, `${path}[${i}]`, read))
    : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, watched(v, `${path}.${k}`, read)]));
  const note = (key) => typeof key === "string" && read.add(`${path}.${key}`);
  return new Proxy(copy, {
    get: (target, key, receiver) => (note(key), Reflect.get(target, key, receiver)),
    has: (target, key) => (note(key), Reflect.has(target, key)),
  });
}

function unread(value, path, read, found = []) {
  if (value === null || typeof value !== "object") return found;
  if (Array.isArray(value)) {
    value.forEach((item, i) => unread(item, `${path}[${i}]`, read, found));
    return found;
  }
  for (const [key, child] of Object.entries(value)) {
    const at = `${path}.${key}`;
    if (read.has(at)) unread(child, at, read, found);
    else found.push(at);
  }
  return found;
}

function problems({ source, manifest }) {
  if (manifest?.apiVersion !== "keda.sh/v1alpha1") return [`${source}: apiVersion is not keda.sh/v1alpha1`];
  const model = keda[manifest.kind];
  if (typeof model?.prototype?.validate !== "function") return [`${source}: no KEDA kind ${manifest.kind}`];
  const read = new Set();
  try {
    model.prototype.validate.call(watched(manifest, "", read));
  } catch (error) {
    return [`${source}: ${error.message}`];
  }
  return unread(manifest, "", read).map((path) => `${source}: unknown field ${path.slice(1)}`);
}

let input = "";
for await (const chunk of process.stdin) input += chunk;
const found = JSON.parse(input).flatMap(problems);
for (const line of found) console.log(line);
process.exit(found.length ? 1 : 0);
