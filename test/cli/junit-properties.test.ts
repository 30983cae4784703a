import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  XmlSyntaxError,
  cdata,
  enrichJunit,
  escapeAttribute,
  junitProperties,
} from '../../src/cli/junit-properties.js';
import { readRunSummary, type ScenarioRow } from '../../src/cli/run-summary.js';
import { cucumberJunit, runMessages } from './run-messages-fixture.js';

/** The `<properties>` of the n-th test case, as name → value. */
function propertiesOf(xml: string, n: number): Record<string, string> {
  const testcase = xml.split('<testcase ')[n + 1]!.split('</testcase>')[0]!;
  const block = /<properties>([\s\S]*?)<\/properties>/.exec(testcase)?.[1] ?? '';
  return Object.fromEntries(
    [...block.matchAll(/<property name="([^"]*)" value="([^"]*)"\/>/g)].map((m) => [m[1], m[2]]),
  );
}

test("each test case of cucumber's junit.xml gets the figures of its scenario as properties", () => {
  const stream = runMessages();
  const original = cucumberJunit(stream);
  const { xml, enriched, unmatched } = enrichJunit(original, readRunSummary(stream).scenarios);
  assert.deepEqual(unmatched, []);
  assert.equal(enriched, 3);
  assert.deepEqual(propertiesOf(xml, 0), {
    bringup_s: '18.4',
    nodes_started: '4',
    convergence_s: '7.2',
    control_plane_latency_ms: '35',
    control_plane_latency_max_ms: '80',
    reachability_pairs: '12',
    reachability_s: '2.4',
    sessions_checked: '3',
    routes_checked: '6',
  });
  assert.deepEqual(propertiesOf(xml, 1), {
    bringup_s: '21.1',
    nodes_started: '4',
    convergence_s: '6.1',
    reconvergence_s: '12.5',
    control_plane_latency_ms: '41',
    control_plane_latency_max_ms: '120',
    sessions_checked: '4',
    routes_checked: '2',
  });
  assert.deepEqual(propertiesOf(xml, 2), { sessions_checked: '0', routes_checked: '0' });
  assert.deepEqual(propertiesOf(xml, 3), {}, 'no figures, no properties block');
  assert.ok(!xml.split('<testcase ')[4]!.includes('<properties>'));
  // Properties open the test case, indented like its other children.
  assert.match(xml, /time="34\.8">\n {4}<properties>\n {6}<property name="bringup_s" value="18\.4"\/>/);
});

test("a failed test case carries what each node reported in its <system-out>, after cucumber's steps", () => {
  const stream = runMessages();
  const original = cucumberJunit(stream);
  const { xml } = enrichJunit(original, readRunSummary(stream).scenarios);
  const failed = xml.split('<testcase ')[2]!.split('</testcase>')[0]!;
  const systemOut = /<system-out>([\s\S]*)<\/system-out>/.exec(failed)![1]!;
  const sections = [...systemOut.matchAll(/<!\[CDATA\[([\s\S]*?)\]\]>/g)].map((m) => m[1]);
  // Cucumber's step list stays the first section, untouched; the node reports follow, with the
  // `]]>` of a log split across two sections and terminal colours left out.
  assert.match(sections[0]!, /^Given calico nodes "node-\{1\.\.4\}"\.+passed\n/);
  assert.ok(
    sections[1]!.startsWith('\n\nWhat each node reported:\n\n===== node-1: show protocols all ====='),
  );
  assert.equal(
    sections.slice(1).join(''),
    '\n\nWhat each node reported:\n\n' +
      ['node-1', 'node-2', 'node-3', 'node-4']
        .map((node) =>
          [
            `===== ${node}: show protocols all =====`,
            'Mesh_10_0_0_3 BGP master up 12:00:01 Established',
            `===== ${node}: container log =====`,
            'bird: Mesh_10_0_0_3: Received: Cease <shutdown> & ]]> bye',
          ].join('\n'),
        )
        .join('\n\n') +
      '\n',
  );
  assert.ok(!xml.includes('\x1b'));
  // The passing and undefined test cases get no node reports (the undefined one has none to give).
  assert.ok(!xml.split('<testcase ')[1]!.includes('What each node reported'));
  assert.ok(!xml.split('<testcase ')[4]!.includes('What each node reported'));
});

test('apart from the additions, the report is byte for byte what cucumber wrote', () => {
  const stream = runMessages();
  const original = cucumberJunit(stream);
  const { xml } = enrichJunit(original, readRunSummary(stream).scenarios);
  const stripped = xml
    .replace(/\n *<properties>[\s\S]*?<\/properties>/g, '')
    .replace(/<!\[CDATA\[\n\nWhat each node reported:[\s\S]*?\n\]\]>(?=<\/system-out>)/, '');
  assert.equal(stripped, original);
});

/** A row with figures, for hand-written reports. */
function row(name: string, overrides: Partial<ScenarioRow> = {}): ScenarioRow {
  return {
    uri: 'features/x.feature',
    line: 3,
    location: 'features/x.feature:3',
    featureName: 'X',
    name,
    status: 'failed',
    durationMs: 1000,
    metrics: {
      bringUpMs: 2000,
      nodesStarted: 1,
      nodesInLab: 1,
      convergences: [],
      controlPlane: null,
      sessionsChecked: 1,
      routesChecked: 0,
    },
    failure: { step: 'Then x', message: 'x' },
    nodeReports: [{ node: 'n', text: 'seen' }],
    topologyPicture: undefined,
    ...overrides,
  };
}

test('a self-closing test case, or one without <system-out>, is opened up and given its own', () => {
  const xml = [
    '<?xml version="1.0"?>',
    '<testsuite name="Cucumber">',
    '  <testcase classname="X" name="a" time="1"/>',
    '  <testcase classname="X" name="b" time="1">',
    '    <failure/>',
    '  </testcase>',
    '  <testcase classname="X" name="c" time="1">',
    '    <system-out/>',
    '  </testcase>',
    '</testsuite>',
  ].join('\n');
  const { xml: out } = enrichJunit(xml, [row('a'), row('b', { line: 4 }), row('c', { line: 5 })]);
  const properties = [
    '    <properties>',
    '      <property name="bringup_s" value="2.0"/>',
    '      <property name="nodes_started" value="1"/>',
    '      <property name="sessions_checked" value="1"/>',
    '      <property name="routes_checked" value="0"/>',
    '    </properties>',
  ];
  const systemOut = '    <system-out><![CDATA[\n\nWhat each node reported:\n\nseen\n]]></system-out>';
  assert.equal(
    out,
    [
      '<?xml version="1.0"?>',
      '<testsuite name="Cucumber">',
      '  <testcase classname="X" name="a" time="1">',
      ...properties,
      systemOut,
      '  </testcase>',
      '  <testcase classname="X" name="b" time="1">',
      ...properties,
      '    <failure/>',
      systemOut,
      '  </testcase>',
      '  <testcase classname="X" name="c" time="1">',
      ...properties,
      systemOut,
      '  </testcase>',
      '</testsuite>',
    ].join('\n'),
  );
});

test('test cases that describe other scenarios are left alone and the scenarios named', () => {
  const xml = '<testsuite><testcase classname="Other" name="a" time="1"></testcase></testsuite>';
  const result = enrichJunit(xml, [row('a')]);
  assert.equal(result.xml, xml);
  assert.deepEqual(result.unmatched, ['features/x.feature:3']);
  assert.equal(result.enriched, 0);
});

test('test cases out of order are matched by their feature and name', () => {
  const xml =
    '<testsuite><testcase classname="X" name="second" time="1"></testcase>' +
    '<testcase classname="X" name="first &amp; &lt;one&gt;" time="1"></testcase></testsuite>';
  const first = row('first & <one>', { metrics: { ...row('').metrics!, sessionsChecked: 7 } });
  const second = row('second', { status: 'passed' });
  const { xml: out, unmatched } = enrichJunit(xml, [first, second]);
  assert.deepEqual(unmatched, []);
  assert.match(
    out,
    /name="first &amp; &lt;one&gt;" time="1">\n {2}<properties>[^]*?"sessions_checked" value="7"/,
  );
  assert.doesNotMatch(out.split('name="first')[0]!, /value="7"/);
});

test('markup inside attributes and CDATA does not confuse the reading of the report', () => {
  const xml =
    '<testsuite><!-- <testcase> in a comment -->' +
    '<testcase classname="X" name="a > b" time="1"><failure message="</testcase>"><![CDATA[<testcase name="x">]]></failure>' +
    '</testcase></testsuite>';
  const { xml: out, unmatched } = enrichJunit(xml, [row('a > b')]);
  assert.deepEqual(unmatched, []);
  assert.ok(
    out.endsWith(
      '<![CDATA[<testcase name="x">]]></failure>\n  <system-out><![CDATA[\n\nWhat each node reported:\n\nseen\n]]></system-out></testcase></testsuite>',
    ),
  );
});

test('a report that is not well-formed is refused, not edited', () => {
  assert.throws(() => enrichJunit('<testsuite><testcase></testsuite>', [row('a')]), XmlSyntaxError);
  assert.throws(() => enrichJunit('<testsuite><testcase>', [row('a')]), XmlSyntaxError);
  assert.throws(() => enrichJunit('<testsuite a="1></testsuite>', [row('a')]), XmlSyntaxError);
});

test('escaping: attributes keep their whitespace and lose their markup; CDATA cannot be closed early', () => {
  assert.equal(escapeAttribute('a"b<c>&d\te\nf'), 'a&quot;b&lt;c&gt;&amp;d&#x9;e&#xA;f');
  assert.equal(cdata('x]]>y'), '<![CDATA[x]]]]><![CDATA[>y]]>');
  assert.equal(
    cdata('bell\x07 nul\x00 \x1b[1mbold\x1b[0m \uD800 lone surrogate'),
    '<![CDATA[bell nul bold  lone surrogate]]>',
  );
});

test('a scenario without figures has no properties; later convergences report the longest', () => {
  assert.deepEqual(junitProperties(row('a', { metrics: undefined })), []);
  const metrics = {
    ...row('').metrics!,
    convergences: [
      { after: 'bring-up', ms: 4000 },
      { after: '"rr" stopped', ms: 9000 },
      { after: '"rr" restarted', ms: 7000 },
    ],
  };
  const properties = Object.fromEntries(junitProperties(row('a', { metrics })));
  assert.equal(properties.convergence_s, '4.0');
  assert.equal(properties.reconvergence_s, '9.0');
});

test('the largest reachability check gives its pairs and seconds', () => {
  const metrics = {
    ...row('').metrics!,
    reachability: [
      { pairs: 39_800, ms: 14_200, rounds: 3 },
      { pairs: 12, ms: 900, rounds: 1 },
    ],
  };
  const properties = Object.fromEntries(junitProperties(row('a', { metrics })));
  assert.equal(properties.reachability_pairs, '39800');
  assert.equal(properties.reachability_s, '14.2');
});
