// The event contract rtgen writes beside the specs (`realtime/asyncapi.yaml`): every
// message's payload schema, compiled with a JSON Schema validator, so a suite can check
// each event a client received against the document.

import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { parse } from "yaml";

/**
 * The validators of `<app>/realtime/asyncapi.yaml`, by event name (`proposal:created`).
 * @param {string} app the prepared app copy
 * @returns {Map<string, import("ajv").ValidateFunction>}
 */
export function payloadValidators(app) {
  const document = parse(readFileSync(path.join(app, "realtime/asyncapi.yaml"), "utf8"));
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  const validators = new Map();
  for (const message of Object.values(document.components.messages)) {
    validators.set(message.name, ajv.compile(message.payload));
  }
  return validators;
}
