/** The tolerant XML reader used for SOAP answers. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { moRefOf } from '../../../src/sources/vsphere/soap-client';
import { at, childrenNamed, escapeXml, parseXml, textAt, XmlError } from '../../../src/sources/vsphere/xml';

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

test('entities, numeric references, CDATA and comments', () => {
  const doc = parseXml("<a t='&quot;x&quot; &amp; y'>&lt;vm&gt; &#65;&#x42; <!-- c --><![CDATA[<raw & text>]]> &unknown;</a>");
  assert.equal(doc.attrs.t, '"x" & y');
  assert.equal(doc.text, '<vm> AB <raw & text> &unknown;');
  assert.equal(escapeXml('<a & "b">'), '&lt;a &amp; &quot;b&quot;&gt;');
});

test('repeated children keep their order; self-closing elements', () => {
  const doc = parseXml('<r><v>3</v><v/><v>1</v></r>');
  assert.deepEqual(childrenNamed(doc, 'v').map((v) => v.text), ['3', '', '1']);
  assert.equal(at(doc, 'missing', 'deeper'), undefined);
});

test('malformed input throws XmlError with an offset', () => {
  for (const bad of ['', 'garbage', '<a>', '<a></b>', '<a b=c></a>', '<a>text</a><b/>', '</a>', '<a><!-- open', '<a attr="x></a>']) {
    assert.throws(() => parseXml(bad), (err: unknown) => err instanceof XmlError && / at offset \d+$/.test((err as Error).message), JSON.stringify(bad));
  }
});
