/**
 * Compiled and bundled JavaScript as it ships in packages: CommonJS's `exports` / `module.exports`, and a bundler's
 * `__toESM(require(...))`, so the functions that use them are predicted from what they await.
 */
import { runCases, SimulationCase } from './simulationCases';

const cases: SimulationCase[] = [
  { name: 'compiled TypeScript: exports and __importDefault(require(...))', grammar: 'tsx', fn: 'fetchAll', total: 0.2, peak: 10,
    saysNot: ['exports is not defined'],
    source: `"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.fetchAll = exports.fetchOne = void 0;
const node_fetch_1 = __importDefault(require("node-fetch"));
async function fetchOne(url) {
    const res = await (0, node_fetch_1.default)(url);
    return res.json();
}
exports.fetchOne = fetchOne;
async function fetchAll(urls) {
    return Promise.all(urls.map((u) => (0, exports.fetchOne)(u)));
}
exports.fetchAll = fetchAll;
` },
  { name: 'an esbuild bundle: __toESM over require gives the module, its default export unknown', grammar: 'tsx', fn: 'writePackage', total: 0.2, peak: 1,
    source: `var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));
var import_fs = __toESM(require("fs"));
var import_got = __toESM(require("got"));
async function writePackage(pkg) {
  const body = await import_got.default(pkg.url);
  await import_fs.default.promises.writeFile(pkg.path, body);
}
export { writePackage };
` },
  { name: 'a bundle whose module setup raises half-way: the imports it left unset are unknown, not undefined', grammar: 'tsx', fn: 'download', total: 0.2, peak: 1,
    says: ["A module's statement raises (at line 10, Error)", 'import_got.default(url): I/O of unknown duration'],
    source: `var import_fs, import_got;
var init_src = () => {
  import_fs = require("fs");
  const settings = loadSettings();
  import_got = require("got");
};
function loadSettings() {
  throw new Error("no settings file");
}
init_src();
async function download(url, path) {
  const body = await import_got.default(url);
  await import_fs.promises.writeFile(path, body);
}
export { download };
` },
  { name: "Babel's _interop_require_wildcard copies an unknown module's members: they are unknown, not missing", grammar: 'tsx', fn: 'AsyncWsTunnel.stopAsync', total: 0.1, peak: 1,
    says: ['stopAsync is among the properties copied from an unknown object: an unknown value', '_wstunnel().stopAsync(): I/O of unknown duration'],
    source: `"use strict";
function _wstunnel() {
    const data = _interop_require_wildcard(require("@expo/ws-tunnel"));
    _wstunnel = function() {
        return data;
    };
    return data;
}
function _interop_require_wildcard(obj) {
    if (obj && obj.__esModule) {
        return obj;
    }
    var newObj = { __proto__: null };
    for (var key in obj) {
        if (key !== "default" && Object.prototype.hasOwnProperty.call(obj, key)) {
            var desc = Object.getOwnPropertyDescriptor(obj, key);
            if (desc && (desc.get || desc.set)) Object.defineProperty(newObj, key, desc);
            else newObj[key] = obj[key];
        }
    }
    newObj.default = obj;
    return newObj;
}
class AsyncWsTunnel {
    async stopAsync() {
        await _wstunnel().stopAsync();
        this.serverUrl = null;
    }
}
exports.AsyncWsTunnel = AsyncWsTunnel;
` },
];

describe('visualizer simulation: compiled and bundled modules', () => runCases(cases));
