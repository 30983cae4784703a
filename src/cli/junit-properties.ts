/**
 * Adds the run summary's figures to cucumber's junit.xml, per test case: a `<properties>` block
 * (bringup_s, convergence_s, control_plane_latency_ms, sessions_checked, routes_checked, …) and, for
 * a failed scenario, what each node reported in `<system-out>`. The file is edited in place, not
 * rebuilt: everything cucumber wrote stays byte for byte, and the additions are escaped here.
 */
import { isFailure, largestReachability, printable, type ScenarioRow } from './run-summary.js';

/** An element of the XML document, by its offsets in the text. */
interface XmlElement {
  name: string;
  attributes: Map<string, string>;
  /** Offset of `<` of the start tag, and just after its `>`. */
  start: number;
  openEnd: number;
  selfClosing: boolean;
  /** Offset of `</name>` (equal to openEnd when self-closing), and just after the element. */
  closeStart: number;
  end: number;
  children: XmlElement[];
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return ENTITIES[ref] ?? whole;
  });
}

class XmlSyntaxError extends Error {
  override name = 'XmlSyntaxError';
}

/**
 * The elements of a document with their offsets: enough XML for a JUnit report (declarations,
 * comments, CDATA sections, quoted attributes that may hold `>`), not a validating parser.
 */
function elementsOf(xml: string): XmlElement[] {
  const roots: XmlElement[] = [];
  const open: XmlElement[] = [];
  const skipTo = (from: number, terminator: string): number => {
    const at = xml.indexOf(terminator, from);
    if (at < 0) throw new XmlSyntaxError(`no "${terminator}" after offset ${from}`);
    return at + terminator.length;
  };
  let i = 0;
  for (;;) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) break;
    if (xml.startsWith('<![CDATA[', lt)) i = skipTo(lt + 9, ']]>');
    else if (xml.startsWith('<!--', lt)) i = skipTo(lt + 4, '-->');
    else if (xml.startsWith('<?', lt)) i = skipTo(lt + 2, '?>');
    else if (xml.startsWith('<!', lt)) i = skipTo(lt + 2, '>');
    else if (xml.startsWith('</', lt)) {
      i = skipTo(lt + 2, '>');
      const name = xml.slice(lt + 2, i - 1).trim();
      const element = open.pop();
      if (!element || element.name !== name)
        throw new XmlSyntaxError(
          `</${name}> at offset ${lt} closes ${element ? `<${element.name}>` : 'nothing'}`,
        );
      element.closeStart = lt;
      element.end = i;
    } else {
      const nameMatch = /^[^\s/>]+/.exec(xml.slice(lt + 1, lt + 200));
      if (!nameMatch) throw new XmlSyntaxError(`a tag without a name at offset ${lt}`);
      const element: XmlElement = {
        name: nameMatch[0],
        attributes: new Map(),
        start: lt,
        openEnd: -1,
        selfClosing: false,
        closeStart: -1,
        end: -1,
        children: [],
      };
      let at = lt + 1 + nameMatch[0].length;
      for (;;) {
        while (/\s/.test(xml[at] ?? '')) at++;
        if (xml.startsWith('/>', at)) {
          element.selfClosing = true;
          at += 2;
          break;
        }
        if (xml[at] === '>') {
          at++;
          break;
        }
        const attribute = /^([^\s=/>]+)\s*=\s*(["'])/.exec(xml.slice(at, at + 300));
        if (!attribute)
          throw new XmlSyntaxError(`a malformed attribute in <${element.name}> at offset ${at}`);
        const valueStart = at + attribute[0].length;
        const valueEnd = xml.indexOf(attribute[2]!, valueStart);
        if (valueEnd < 0) throw new XmlSyntaxError(`an unterminated attribute in <${element.name}>`);
        element.attributes.set(attribute[1]!, decodeEntities(xml.slice(valueStart, valueEnd)));
        at = valueEnd + 1;
      }
      element.openEnd = at;
      (open.at(-1)?.children ?? roots).push(element);
      if (element.selfClosing) {
        element.closeStart = at;
        element.end = at;
      } else open.push(element);
      i = at;
    }
  }
  if (open.length > 0) throw new XmlSyntaxError(`<${open.at(-1)!.name}> is never closed`);
  return roots;
}

function descendants(elements: readonly XmlElement[], name: string): XmlElement[] {
  return elements.flatMap((e) => [...(e.name === name ? [e] : []), ...descendants(e.children, name)]);
}

/** An attribute value: markup characters and the whitespace XML would normalise away as references. */
export function escapeAttribute(value: string): string {
  return stripNonXml(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#x9;')
    .replace(/\n/g, '&#xA;')
    .replace(/\r/g, '&#xD;');
}

/** Characters XML 1.0 cannot carry at all, even escaped (most control characters, lone surrogates). */
function stripNonXml(text: string): string {
  return text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
}

/** Text as CDATA: `]]>` cannot occur inside a section, so it is split across two. */
export function cdata(text: string): string {
  return `<![CDATA[${stripNonXml(printable(text)).replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** The properties of one test case, in a fixed order; figures not recorded are left out. */
export function junitProperties(row: ScenarioRow): [name: string, value: string][] {
  const m = row.metrics;
  if (!m) return [];
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  const properties: [string, string][] = [];
  if (m.bringUpMs !== null) properties.push(['bringup_s', seconds(m.bringUpMs)]);
  if (m.nodesStarted > 0) properties.push(['nodes_started', String(m.nodesStarted)]);
  const [first, ...later] = m.convergences;
  if (first) properties.push(['convergence_s', seconds(first.ms)]);
  if (later.length > 0) properties.push(['reconvergence_s', seconds(Math.max(...later.map((c) => c.ms)))]);
  if (m.controlPlane) {
    properties.push(['control_plane_latency_ms', String(m.controlPlane.medianMs)]);
    properties.push(['control_plane_latency_max_ms', String(m.controlPlane.maxMs)]);
  }
  const reachability = largestReachability(m);
  if (reachability) {
    properties.push(['reachability_pairs', String(reachability.pairs)]);
    properties.push(['reachability_s', seconds(reachability.ms)]);
  }
  properties.push(['sessions_checked', String(m.sessionsChecked)]);
  properties.push(['routes_checked', String(m.routesChecked)]);
  return properties;
}

/** What each node reported, as one text for `<system-out>`. */
function nodeReportsText(row: ScenarioRow): string {
  return row.nodeReports.map((r) => r.text.trimEnd()).join('\n\n');
}

/** The leading whitespace of the line an offset sits on, to indent additions like their siblings. */
function indentAt(xml: string, offset: number): string {
  const lineStart = xml.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(xml.slice(lineStart, offset))![0];
}

interface Edit {
  from: number;
  to: number;
  text: string;
}

/** A test case written by cucumber names its feature (classname) and includes the scenario's name. */
function describes(testcase: XmlElement, row: ScenarioRow): boolean {
  const classname = testcase.attributes.get('classname');
  const name = testcase.attributes.get('name') ?? '';
  return classname === (row.featureName ?? row.uri) && name.includes(row.name);
}

/**
 * Pair the scenarios with cucumber's test cases: both are in cucumber's JUnit order (feature file,
 * then line), so by position, each pair checked; where a pair does not describe the same scenario
 * (a report from another formatter version), by the only test case that does.
 */
function pairUp(
  testcases: readonly XmlElement[],
  rows: readonly ScenarioRow[],
): Map<ScenarioRow, XmlElement> {
  const pairs = new Map<ScenarioRow, XmlElement>();
  const used = new Set<XmlElement>();
  rows.forEach((row, i) => {
    const atPosition = testcases[i];
    if (atPosition && !used.has(atPosition) && describes(atPosition, row)) {
      pairs.set(row, atPosition);
      used.add(atPosition);
    }
  });
  for (const row of rows) {
    if (pairs.has(row)) continue;
    const candidates = testcases.filter((t) => !used.has(t) && describes(t, row));
    if (candidates.length === 1) {
      pairs.set(row, candidates[0]!);
      used.add(candidates[0]!);
    }
  }
  return pairs;
}

export interface JunitEnrichment {
  xml: string;
  enriched: number;
  /** `uri:line` of scenarios no test case of the report could be matched to. */
  unmatched: string[];
}

/** junit.xml with each scenario's properties and, for failures, its node reports. */
export function enrichJunit(xml: string, rows: readonly ScenarioRow[]): JunitEnrichment {
  const testcases = descendants(elementsOf(xml), 'testcase');
  const pairs = pairUp(testcases, rows);
  const edits: Edit[] = [];
  let enriched = 0;
  for (const [row, testcase] of pairs) {
    const indent = indentAt(xml, testcase.start);
    const child = `${indent}  `;
    const properties = junitProperties(row);
    const propertiesXml =
      properties.length === 0
        ? ''
        : `\n${child}<properties>${properties
            .map(
              ([name, value]) =>
                `\n${child}  <property name="${escapeAttribute(name)}" value="${escapeAttribute(value)}"/>`,
            )
            .join('')}\n${child}</properties>`;
    const reports = isFailure(row) && row.nodeReports.length > 0 ? nodeReportsText(row) : '';
    const section = reports ? cdata(`\n\nWhat each node reported:\n\n${reports}\n`) : '';
    const systemOut = testcase.children.find((c) => c.name === 'system-out');
    let systemOutXml = '';
    if (section && systemOut && !systemOut.selfClosing)
      // A second CDATA section in cucumber's <system-out>: the texts join, cucumber's stays as it was.
      edits.push({ from: systemOut.closeStart, to: systemOut.closeStart, text: section });
    else if (section && systemOut)
      edits.push({ from: systemOut.start, to: systemOut.end, text: `<system-out>${section}</system-out>` });
    else if (section) systemOutXml = `\n${child}<system-out>${section}</system-out>`;
    if (!propertiesXml && !section) continue;
    enriched++;
    if (testcase.selfClosing) {
      // `<testcase …/>` becomes `<testcase …>…</testcase>`.
      edits.push({
        from: testcase.openEnd - 2,
        to: testcase.openEnd,
        text: `>${propertiesXml}${systemOutXml}\n${indent}</testcase>`,
      });
      continue;
    }
    // Properties come first among the children, as JUnit readers expect them.
    if (propertiesXml) edits.push({ from: testcase.openEnd, to: testcase.openEnd, text: propertiesXml });
    if (systemOutXml)
      edits.push({
        from: endOfLastChild(xml, testcase),
        to: endOfLastChild(xml, testcase),
        text: systemOutXml,
      });
  }
  // From the end of the text backwards, so offsets stay valid; of two edits at one offset the later
  // one goes in first, so the earlier one ends up in front of it.
  const ordered = edits.map((edit, index) => ({ edit, index }));
  ordered.sort((a, b) => b.edit.from - a.edit.from || b.index - a.index);
  let out = xml;
  for (const { edit } of ordered) out = out.slice(0, edit.from) + edit.text + out.slice(edit.to);
  return { xml: out, enriched, unmatched: rows.filter((r) => !pairs.has(r)).map((r) => r.location) };
}

/**
 * Where a new last child goes: after the current last child (or the start tag), before the
 * whitespace that indents `</testcase>`, so the close tag keeps its own line.
 */
function endOfLastChild(xml: string, element: XmlElement): number {
  const after = element.children.at(-1)?.end ?? element.openEnd;
  const gap = xml.slice(after, element.closeStart);
  const newline = gap.lastIndexOf('\n');
  return /^\s*$/.test(gap) && newline >= 0 ? after + newline : element.closeStart;
}

export { XmlSyntaxError };
