// Test data made here instead of downloaded: a minimal VRM 1.0 file (a GLB with the
// VRMC_vrm extension, a skeleton of the required humanoid bones and one small mesh).

const BONES: Array<[string, string | null, [number, number, number]]> = [
  // name, parent, translation relative to the parent (metres)
  ['hips', null, [0, 0.9, 0]],
  ['spine', 'hips', [0, 0.15, 0]],
  ['chest', 'spine', [0, 0.15, 0]],
  ['neck', 'chest', [0, 0.2, 0]],
  ['head', 'neck', [0, 0.1, 0]],
  ['leftUpperArm', 'chest', [0.18, 0.15, 0]],
  ['leftLowerArm', 'leftUpperArm', [0.25, 0, 0]],
  ['leftHand', 'leftLowerArm', [0.22, 0, 0]],
  ['rightUpperArm', 'chest', [-0.18, 0.15, 0]],
  ['rightLowerArm', 'rightUpperArm', [-0.25, 0, 0]],
  ['rightHand', 'rightLowerArm', [-0.22, 0, 0]],
  ['leftUpperLeg', 'hips', [0.1, -0.05, 0]],
  ['leftLowerLeg', 'leftUpperLeg', [0, -0.4, 0]],
  ['leftFoot', 'leftLowerLeg', [0, -0.4, 0]],
  ['rightUpperLeg', 'hips', [-0.1, -0.05, 0]],
  ['rightLowerLeg', 'rightUpperLeg', [0, -0.4, 0]],
  ['rightFoot', 'rightLowerLeg', [0, -0.4, 0]],
];

function pad4(buf: Buffer, fill: number): Buffer {
  const extra = (4 - (buf.length % 4)) % 4;
  return extra ? Buffer.concat([buf, Buffer.alloc(extra, fill)]) : buf;
}

export function makeTestVrm(): Buffer {
  // one box-ish pyramid standing from 0 to 1.6 m, so the file has something to draw
  const positions = new Float32Array([
    -0.2, 0, -0.2, 0.2, 0, -0.2, 0.2, 0, 0.2, -0.2, 0, 0.2, 0, 1.6, 0,
  ]);
  const indices = new Uint16Array([0, 1, 4, 1, 2, 4, 2, 3, 4, 3, 0, 4, 0, 2, 1, 0, 3, 2]);
  const posBytes = Buffer.from(positions.buffer);
  const idxBytes = pad4(Buffer.from(indices.buffer), 0);
  const bin = Buffer.concat([posBytes, idxBytes]);

  const nodes: Array<Record<string, unknown>> = [{ name: 'Root', children: [] as number[] }, { name: 'Body', mesh: 0 }];
  (nodes[0]!.children as number[]).push(1);
  const index = new Map<string, number>();
  for (const [name, parent, t] of BONES) {
    const i = nodes.length;
    index.set(name, i);
    nodes.push({ name, translation: t, children: [] as number[] });
    const p = parent === null ? 0 : (index.get(parent) as number);
    (nodes[p]!.children as number[]).push(i);
  }
  for (const n of nodes) if ((n.children as number[] | undefined)?.length === 0) delete n.children;

  const humanBones: Record<string, { node: number }> = {};
  for (const [name] of BONES) humanBones[name] = { node: index.get(name) as number };

  const json = {
    asset: { version: '2.0', generator: 'tsunagu e2e fixture' },
    scene: 0,
    scenes: [{ nodes: [0] }],
    nodes,
    meshes: [{ primitives: [{ attributes: { POSITION: 0 }, indices: 1, material: 0 }] }],
    materials: [{ name: 'skin', pbrMetallicRoughness: { baseColorFactor: [0.9, 0.6, 0.5, 1] } }],
    buffers: [{ byteLength: bin.length }],
    bufferViews: [
      { buffer: 0, byteOffset: 0, byteLength: posBytes.length, target: 34962 },
      { buffer: 0, byteOffset: posBytes.length, byteLength: indices.byteLength, target: 34963 },
    ],
    accessors: [
      { bufferView: 0, componentType: 5126, count: 5, type: 'VEC3', min: [-0.2, 0, -0.2], max: [0.2, 1.6, 0.2] },
      { bufferView: 1, componentType: 5123, count: indices.length, type: 'SCALAR' },
    ],
    extensionsUsed: ['VRMC_vrm'],
    extensions: {
      VRMC_vrm: {
        specVersion: '1.0',
        meta: {
          name: 'Tsunagu test',
          version: '1',
          authors: ['Tsunagu'],
          licenseUrl: 'https://vrm.dev/licenses/1.0/',
          avatarPermission: 'everyone',
          commercialUsage: 'personalNonProfit',
          creditNotation: 'unnecessary',
          allowRedistribution: true,
          modification: 'allowModificationRedistribution',
        },
        humanoid: { humanBones },
      },
    },
  };
  const jsonChunk = pad4(Buffer.from(JSON.stringify(json), 'utf8'), 0x20);
  const header = Buffer.alloc(12);
  const total = 12 + 8 + jsonChunk.length + 8 + bin.length;
  header.writeUInt32LE(0x46546c67, 0); // 'glTF'
  header.writeUInt32LE(2, 4);
  header.writeUInt32LE(total, 8);
  const jsonHead = Buffer.alloc(8);
  jsonHead.writeUInt32LE(jsonChunk.length, 0);
  jsonHead.writeUInt32LE(0x4e4f534a, 4); // 'JSON'
  const binHead = Buffer.alloc(8);
  binHead.writeUInt32LE(bin.length, 0);
  binHead.writeUInt32LE(0x004e4942, 4); // 'BIN\0'
  return Buffer.concat([header, jsonHead, jsonChunk, binHead, bin]);
}
