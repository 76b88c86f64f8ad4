// The JavaScript peer of EmotiJ's speed benchmark: @vladmandic/human 3.3.6 (BlazeFace + the FER-2013 mini-Xception
// EmotiJ also ships) on TensorFlow.js 4.22's wasm backend, one thread, offline.
// Usage: node peer.js IMAGE_DIR   (PNG and JPEG files, subfolders included, sorted like EmotiJ's batch)
// Prints one line per image to stderr and a final JSON line to stdout:
//   {"images":N,"skipped":N,"faces":N,"seconds":{"start":..,"decode":..,"detect":..,"total":..},"config":{..}}
'use strict';
const fs = require('fs');
const path = require('path');
const { PNG } = require('pngjs');
const jpeg = require('jpeg-js');

const here = __dirname;
// human's package exports refuse this file by name, so it is loaded by its absolute path
const humanDist = path.join(here, 'node_modules/@vladmandic/human/dist/human.node-wasm.js');
const modelsDir = path.join(here, 'node_modules/@vladmandic/human/models');
const wasmDir = path.join(here, 'node_modules/@tensorflow/tfjs-backend-wasm/dist') + path.sep;

const t0 = performance.now();
const dir = process.argv[2];
if (!dir || !fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
  console.error(`peer: give a folder of images (got ${dir === undefined ? 'nothing' : dir})`);
  process.exit(2);
}

const { Human } = require(humanDist);

// Human's defaults for what it runs, everything else it would run switched off: the comparison is face
// detection + expression only. cacheSensitivity 0: human would otherwise reuse the last frame's results for a
// frame that looks alike (it is made for video); every image here is detected afresh, as EmotiJ does.
// face.detector.maxDetected: human's default is 1 (one face per frame); EmotiJ looks for up to 100.
const config = {
  backend: 'wasm',
  wasmPath: wasmDir,
  wasmPlatformFetch: false,
  modelBasePath: 'file://' + modelsDir + '/',
  warmup: 'none',
  cacheSensitivity: 0,
  debug: false,
  face: {
    enabled: true,
    detector: { maxDetected: 100, rotation: false }, // minConfidence 0.2, iouThreshold 0.1, minSize 0, scale 1.4: human's defaults
    mesh: { enabled: false },
    iris: { enabled: false },
    attention: { enabled: false },
    emotion: { enabled: true }, // minConfidence 0.1: human's default
    description: { enabled: false },
    antispoof: { enabled: false },
    liveness: { enabled: false },
  },
  body: { enabled: false },
  hand: { enabled: false },
  object: { enabled: false },
  gesture: { enabled: false },
  segmentation: { enabled: false },
};

const human = new Human(config);
const tf = human.tf;

// tfjs' own file:// loader lives in tfjs-node, which is not used here: read model.json and its .bin shards directly.
tf.io.registerLoadRouter((url) => {
  if (typeof url !== 'string' || !url.startsWith('file://')) return null;
  const jsonPath = url.slice('file://'.length);
  return {
    load: async () => {
      const json = JSON.parse(fs.readFileSync(jsonPath, 'utf8'));
      const shards = [];
      for (const group of json.weightsManifest) {
        for (const p of group.paths) shards.push(fs.readFileSync(path.join(path.dirname(jsonPath), p)));
      }
      const buffer = Buffer.concat(shards);
      return {
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
        weightData: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength),
        format: json.format, generatedBy: json.generatedBy, convertedBy: json.convertedBy,
        signature: json.signature, userDefinedMetadata: json.userDefinedMetadata,
      };
    },
  };
});

function imageFiles(folder) {
  const out = [];
  for (const e of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(folder, e.name);
    if (e.isDirectory()) out.push(...imageFiles(p));
    else out.push(p);
  }
  return out;
}

// RGB tensor [1, h, w, 3] from a PNG or JPEG file; null for other formats
function decode(file) {
  const ext = path.extname(file).toLowerCase();
  let width; let height; let rgba;
  if (ext === '.png') {
    const png = PNG.sync.read(fs.readFileSync(file));
    ({ width, height } = png); rgba = png.data;
  } else if (ext === '.jpg' || ext === '.jpeg') {
    const img = jpeg.decode(fs.readFileSync(file), { useTArray: true, formatAsRGBA: true });
    ({ width, height } = img); rgba = img.data;
  } else {
    return null;
  }
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    rgb[j] = rgba[i]; rgb[j + 1] = rgba[i + 1]; rgb[j + 2] = rgba[i + 2];
  }
  return tf.tensor4d(rgb, [1, height, width, 3], 'int32');
}

async function main() {
  await human.load();
  const backend = tf.getBackend();
  if (backend !== 'wasm') throw new Error(`expected the wasm backend, got ${backend}`);
  const tStart = performance.now();
  let images = 0; let skipped = 0; let faces = 0; let decodeMs = 0; let detectMs = 0;
  const files = imageFiles(dir);
  for (const file of files) {
    const a = performance.now();
    let input;
    try {
      input = decode(file);
    } catch (e) {
      console.error(`peer: ${file}: SKIPPED: ${e.message}`);
      skipped++;
      continue;
    }
    if (!input) { skipped++; continue; }
    const b = performance.now();
    const result = await human.detect(input);
    tf.dispose(input);
    const c = performance.now();
    if (result.error) throw new Error(`${file}: ${result.error}`);
    decodeMs += b - a; detectMs += c - b;
    images++; faces += result.face.length;
    console.error(`[${images}] ${path.relative(dir, file)}: ${result.face.length} faces (${((c - a) / 1000).toFixed(2)} s)`);
  }
  const end = performance.now();
  const d = human.config.face.detector;
  console.log(JSON.stringify({
    images, skipped, faces,
    seconds: { start: (tStart - t0) / 1000, decode: decodeMs / 1000, detect: detectMs / 1000, total: (end - t0) / 1000 },
    config: {
      human: human.version, tfjs: tf.version['tfjs-core'], backend, threads: wasmThreads(),
      minConfidence: d.minConfidence, iouThreshold: d.iouThreshold, maxDetected: d.maxDetected, minSize: d.minSize,
      emotionMinConfidence: human.config.face.emotion.minConfidence,
    },
  }));
}

// the wasm backend runs multi-threaded only where SharedArrayBuffer workers are set up; in Node it is one thread
function wasmThreads() {
  try {
    const wasm = tf.backend().wasm;
    return wasm && typeof wasm.tfjs.getThreadsCount === 'function' ? wasm.tfjs.getThreadsCount() : 1;
  } catch (e) {
    return 1;
  }
}

main().catch((e) => {
  console.error('peer: ' + (e && e.stack ? e.stack : e));
  process.exit(1);
});
