/**
 * The topology as an SVG picture for the report: nodes by kind (with their cluster ID), sessions
 * coloured by state (established, down, refused), an arrow from a reflector to its client, and the
 * nodes a failing step named outlined in red. Layout by ELK's layered algorithm (elkjs): reflectors
 * end up above their clients. A large lab collapses clients that peer with the same nodes into one
 * box with a count, and their sessions into one line per neighbour with how many are up.
 */
import elkModule from 'elkjs/lib/elk.bundled.js';
import type { ELK as ElkLayout, ElkNode } from 'elkjs/lib/elk-api.js';
import type { Topology, TopologyNode, SessionState } from './topology.js';

/** Above this many nodes, clients with the same neighbours are drawn as one group. */
const GROUP_ABOVE = 24;

const KIND_STYLE: Readonly<Record<string, { fill: string; label: string }>> = {
  'calico-node': { fill: '#fde7c8', label: 'calico node' },
  'ts-reflector': { fill: '#cfe3fb', label: 'TypeScript reflector' },
  'bird-router': { fill: '#e4e4e4', label: 'BIRD router' },
  'frr-router': { fill: '#e4e4e4', label: 'FRR router' },
  'gobgp-router': { fill: '#e4e4e4', label: 'GoBGP router' },
};
const STATE_STYLE: Readonly<Record<SessionState, { stroke: string; dash: string }>> = {
  established: { stroke: '#2e8b57', dash: '' },
  down: { stroke: '#c62828', dash: '6 4' },
  refused: { stroke: '#ef6c00', dash: '2 3' },
};

interface Box {
  id: string;
  label: string;
  detail: string;
  kind: string;
  members: string[];
}

interface Line {
  from: string;
  to: string;
  state: SessionState;
  arrow: boolean;
  label: string;
}

export interface PictureOptions {
  /** Node names the failing step was about: outlined in red. */
  readonly highlight?: ReadonlySet<string>;
  readonly title?: string;
}

/** `client-{1..200}` when the names are one prefix and consecutive numbers, else the first and a count. */
export function describeNames(names: readonly string[]): string {
  if (names.length === 1) return names[0]!;
  const parsed = names.map((name) => /^(.*?)(\d+)$/.exec(name));
  const prefix = parsed[0]?.[1];
  if (parsed.every((m) => m !== null && m[1] === prefix)) {
    const numbers = parsed.map((m) => Number(m![2])).sort((a, b) => a - b);
    if (numbers.every((n, i) => i === 0 || n === numbers[i - 1]! + 1))
      return `${prefix}{${numbers[0]}..${numbers[numbers.length - 1]}}`;
  }
  return `${names[0]} … (${names.length})`;
}

function boxesOf(topology: Topology): { boxes: Box[]; boxOf: Map<string, string> } {
  const neighbours = new Map<string, Set<string>>();
  for (const { from, to } of topology.sessions) {
    if (!neighbours.has(from)) neighbours.set(from, new Set());
    if (!neighbours.has(to)) neighbours.set(to, new Set());
    neighbours.get(from)!.add(to);
    neighbours.get(to)!.add(from);
  }
  const groups = new Map<string, TopologyNode[]>();
  const grouping = topology.nodes.length > GROUP_ABOVE;
  for (const node of topology.nodes) {
    // Reflectors and routers stay single; clients group by kind and the set of nodes they peer with.
    const single = !grouping || node.clusterId !== undefined || node.kind !== 'calico-node';
    const key = single
      ? `node:${node.name}`
      : `group:${node.kind}:${[...(neighbours.get(node.name) ?? [])].sort().join(',')}`;
    groups.set(key, [...(groups.get(key) ?? []), node]);
  }
  const boxes: Box[] = [];
  const boxOf = new Map<string, string>();
  let index = 0;
  for (const members of groups.values()) {
    const first = members[0]!;
    const id = `b${index++}`;
    const names = members.map((m) => m.name);
    for (const name of names) boxOf.set(name, id);
    const style = KIND_STYLE[first.kind]?.label ?? first.kind;
    boxes.push({
      id,
      label: describeNames(names),
      detail:
        members.length > 1
          ? `${members.length} × ${style}`
          : `${style}${first.clusterId ? ` · cluster ${first.clusterId}` : ''}`,
      kind: first.kind,
      members: names,
    });
  }
  return { boxes, boxOf };
}

function linesOf(topology: Topology, boxOf: ReadonlyMap<string, string>): Line[] {
  const grouped = new Map<string, { from: string; to: string; arrow: boolean; states: SessionState[] }>();
  for (const session of topology.sessions) {
    const from = boxOf.get(session.from);
    const to = boxOf.get(session.to);
    if (from === undefined || to === undefined || from === to) continue;
    const key = `${from}>${to}`;
    const entry = grouped.get(key) ?? { from, to, arrow: session.reflectsToClient, states: [] };
    entry.states.push(session.state);
    grouped.set(key, entry);
  }
  return [...grouped.values()].map(({ from, to, arrow, states }) => {
    const up = states.filter((s) => s === 'established').length;
    const state: SessionState = states.includes('refused')
      ? 'refused'
      : up === states.length
        ? 'established'
        : 'down';
    return { from, to, arrow, state, label: states.length > 1 ? `${up}/${states.length} up` : '' };
  });
}

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** elkjs is CommonJS: under Node's ESM its constructor is the module itself (and, typed, `.default`). */
function newLayout(): ElkLayout {
  const module = elkModule as unknown as { default?: new () => ElkLayout } & (new () => ElkLayout);
  const Elk = module.default ?? module;
  return new Elk();
}

const BOX_HEIGHT = 46;
const LEGEND_WIDTH = 3 * 110 + 150;
const boxWidth = (box: Box): number => Math.max(box.label.length, box.detail.length) * 7 + 24;

/** The picture as SVG text. */
export async function renderTopologySvg(topology: Topology, options: PictureOptions = {}): Promise<string> {
  const { boxes, boxOf } = boxesOf(topology);
  const lines = linesOf(topology, boxOf);
  const graph: ElkNode = await newLayout().layout({
    id: 'lab',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.spacing.nodeNode': '30',
      'elk.layered.spacing.nodeNodeBetweenLayers': '60',
      'elk.edgeRouting': 'POLYLINE',
    },
    children: boxes.map((box) => ({ id: box.id, width: boxWidth(box), height: BOX_HEIGHT })),
    edges: lines.map((line, i) => ({ id: `e${i}`, sources: [line.from], targets: [line.to] })),
  });
  const placed = new Map((graph.children ?? []).map((child) => [child.id, child]));
  // Wide enough for the drawing, the title and the legend.
  const width = Math.ceil(
    Math.max((graph.width ?? 200) + 80, (options.title?.length ?? 0) * 8 + 20, LEGEND_WIDTH),
  );
  const titleHeight = options.title ? 24 : 0;
  const height = Math.ceil((graph.height ?? 100) + 20 + titleHeight + 24);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>',
    '<rect width="100%" height="100%" fill="#ffffff"/>',
  ];
  if (options.title)
    out.push(`<text x="10" y="18" font-size="14" font-weight="bold">${escape(options.title)}</text>`);
  out.push(`<g transform="translate(10, ${10 + titleHeight})">`);
  (graph.edges ?? []).forEach((edge, i) => {
    const line = lines[i]!;
    const section = edge.sections?.[0];
    if (!section) return;
    const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint];
    const style = STATE_STYLE[line.state];
    out.push(
      `<polyline class="session ${line.state}" points="${points.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ')}" fill="none" stroke="${style.stroke}" stroke-width="2"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}${line.arrow ? ' marker-end="url(#arrow)"' : ''}/>`,
    );
    if (line.label) {
      const middle = points[Math.floor(points.length / 2)]!;
      out.push(
        `<text x="${middle.x + 4}" y="${middle.y - 4}" fill="${style.stroke}">${escape(line.label)}</text>`,
      );
    }
  });
  for (const box of boxes) {
    const at = placed.get(box.id);
    if (!at) continue;
    const x = at.x ?? 0;
    const y = at.y ?? 0;
    const highlighted = box.members.some((name) => options.highlight?.has(name));
    const fill = KIND_STYLE[box.kind]?.fill ?? '#eeeeee';
    out.push(
      `<g class="node ${box.kind}${highlighted ? ' highlighted' : ''}" data-members="${box.members.length}">`,
      `<rect x="${x}" y="${y}" width="${at.width}" height="${at.height}" rx="6" fill="${fill}" stroke="${highlighted ? '#c62828' : '#666'}" stroke-width="${highlighted ? 3 : 1}"/>`,
      `<text x="${x + 10}" y="${y + 19}" font-weight="bold">${escape(box.label)}</text>`,
      `<text x="${x + 10}" y="${y + 36}" fill="#444">${escape(box.detail)}</text>`,
      '</g>',
    );
  }
  out.push('</g>');
  // The legend: what the colours and the arrow mean.
  const legendY = height - 8;
  const legend = [
    ['established', STATE_STYLE.established],
    ['down', STATE_STYLE.down],
    ['refused', STATE_STYLE.refused],
  ] as const;
  legend.forEach(([name, style], i) => {
    const x = 10 + i * 110;
    out.push(
      `<line x1="${x}" y1="${legendY - 4}" x2="${x + 30}" y2="${legendY - 4}" stroke="${style.stroke}" stroke-width="2"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}/>`,
      `<text x="${x + 36}" y="${legendY}">${name}</text>`,
    );
  });
  out.push(`<text x="${10 + legend.length * 110}" y="${legendY}">→ reflector to client</text>`, '</svg>');
  return out.join('\n');
}
