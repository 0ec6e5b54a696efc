/** Reading SOAP answers: saxes underneath, names and types as the vSphere readers want them, streaming, and the bounds. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { moRefOf } from '../../../src/sources/vsphere/soap-client';
import { at, childrenNamed, escapeXml, parseXml, textAt, TreeReader, XmlError, XmlLimitError, XmlStream, type XmlLimits } from '../../../src/sources/vsphere/xml';

test('prefixes are dropped from element names; namespace declarations from attributes', () => {
  const doc = parseXml('<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><X xmlns="urn:vim25"><returnval>1</returnval></X></soapenv:Body></soapenv:Envelope>');
  assert.equal(doc.name, 'Envelope');
  assert.deepEqual(doc.attrs, {});
  assert.equal(textAt(doc, 'Body', 'X', 'returnval'), '1');
});

test("vcsim's XMLSchema-instance:type and a real server's xsi:type both become xsi:type, apart from a MoRef's type", () => {
  const vcsim = parseXml(
    '<val xmlns:XMLSchema-instance="http://www.w3.org/2001/XMLSchema-instance" XMLSchema-instance:type="ManagedObjectReference" type="HostSystem">host-21</val>',
  );
  assert.equal(vcsim.attrs['xsi:type'], 'ManagedObjectReference');
  assert.equal(vcsim.attrs.type, 'HostSystem');
  assert.deepEqual(moRefOf(vcsim), { type: 'HostSystem', value: 'host-21' });
  const real = parseXml('<val xsi:type="xsd:int" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">4096</val>');
  assert.equal(real.attrs['xsi:type'], 'int');
  assert.equal(real.attrs.type, undefined);
});

test('entities, numeric references, CDATA and comments; an undefined entity is malformed', () => {
  const doc = parseXml("<a t='&quot;x&quot; &amp; y'>&lt;vm&gt; &#65;&#x42; <!-- c --><![CDATA[<raw & text>]]></a>");
  assert.equal(doc.attrs.t, '"x" & y');
  assert.equal(doc.text, '<vm> AB <raw & text>');
  assert.equal(escapeXml('<a & "b">'), '&lt;a &amp; &quot;b&quot;&gt;');
  assert.throws(() => parseXml('<a>&unknown;</a>'), XmlError);
});

test('a DOCTYPE with entity declarations expands nothing (no entity bombs)', () => {
  const bomb = '<!DOCTYPE a [<!ENTITY x "xxxxxxxxxx"><!ENTITY y "&x;&x;&x;&x;&x;&x;&x;&x;&x;&x;">]><a>&y;</a>';
  assert.throws(() => parseXml(bomb), XmlError);
});

test('repeated children keep their order; self-closing elements', () => {
  const doc = parseXml('<r><v>3</v><v/><v>1</v></r>');
  assert.deepEqual(childrenNamed(doc, 'v').map((v) => v.text), ['3', '', '1']);
  assert.equal(at(doc, 'missing', 'deeper'), undefined);
});

test('malformed input throws XmlError with its line and column', () => {
  for (const bad of ['', 'garbage', '<a>', '<a></b>', '<a b=c></a>', '<a>text</a><b/>', '</a>', '<a><!-- open', '<a attr="x></a>']) {
    assert.throws(() => parseXml(bad), (err: unknown) => err instanceof XmlError && !(err instanceof XmlLimitError), JSON.stringify(bad));
  }
  assert.throws(() => parseXml('<a>\n<b></c></a>'), /^XmlError: 2:\d+: /);
});

test('an answer streamed in chunks of any size reads the same as whole', () => {
  const src = '<?xml version="1.0"?><r xmlns:x="urn:x"><x:v x:type="xsd:int" a="1 &amp; 2">caf\u00e9 &lt;3&gt;</x:v><w/><![CDATA[c]]><v>2</v></r>';
  const whole = parseXml(src);
  for (let size = 1; size <= src.length; size++) {
    const doc: { root?: TreeReader } = {};
    const stream = new XmlStream((name, tag) => (doc.root = new TreeReader(name, tag)));
    for (let i = 0; i < src.length; i += size) stream.write(src.slice(i, i + size));
    stream.end();
    assert.deepEqual(doc.root?.element, whole, `chunks of ${size}`);
  }
});

test('the bounds: too deep, too many elements, too many kept; each a limit error, whatever the byte size', () => {
  const limits: XmlLimits = { maxDepth: 8, maxElements: 100, maxKept: 20 };
  assert.throws(() => parseXml(`${'<a>'.repeat(9)}${'</a>'.repeat(9)}`, limits), (err: unknown) => err instanceof XmlLimitError && /nested more than 8 deep/.test((err).message));
  assert.doesNotThrow(() => parseXml(`${'<a>'.repeat(8)}${'</a>'.repeat(8)}`, { ...limits, maxKept: 100 }));
  assert.doesNotThrow(() => parseXml(`<r>${'<v/>'.repeat(20)}</r>`, limits));
  assert.throws(() => parseXml(`<r>${'<v/>'.repeat(21)}</r>`, limits), (err: unknown) => err instanceof XmlLimitError && /more than 20 elements to keep/.test((err).message));
  // Elements that are skipped are not kept, but they count.
  const skipped = new XmlStream(() => null, limits);
  assert.throws(() => skipped.write(`<r>${'<v/>'.repeat(100)}</r>`), (err: unknown) => err instanceof XmlLimitError && /more than 100 elements/.test((err).message));
});

test('a hostile stream stops at its first element past a bound: a million tiny elements are never all read', () => {
  const stream = new XmlStream(() => null);
  stream.write('<r>');
  const chunk = '<v/>'.repeat(10_000);
  let written = 0;
  assert.throws(() => {
    for (;;) {
      stream.write(chunk);
      written += 10_000;
    }
  }, XmlLimitError);
  assert.ok(written <= 2_000_000, `stopped after ${written} elements`);
});
