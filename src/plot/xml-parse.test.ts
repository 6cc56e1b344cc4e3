import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findAll, parseXml, textContent, XmlError } from './xml-parse-test-support.js';

describe('parseXml', () => {
  it('parses elements, attributes, entities, comments and self-closing tags', () => {
    const root = parseXml(
      `<?xml version="1.0"?>\n<!-- c --><svg xmlns="http://www.w3.org/2000/svg" a='x &amp; y'><g><text>1 &lt; 2 &#x2212; &#65;</text><rect/></g><![CDATA[<raw>]]></svg>\n`,
    );
    assert.equal(root.name, 'svg');
    assert.equal(root.attrs.a, 'x & y');
    assert.equal(textContent(findAll(root, 'text')[0]!), '1 < 2 \u2212 A');
    assert.equal(findAll(root, 'rect').length, 1);
    assert.ok(root.children.includes('<raw>'));
  });

  const bad: [string, string][] = [
    ['mismatched tags', '<a><b></a></b>'],
    ['unclosed element', '<a><b></b>'],
    ['two roots', '<a/><b/>'],
    ['text outside root', 'x<a/>'],
    ['unquoted attribute', '<a x=1/>'],
    ['duplicate attribute', '<a x="1" x="2"/>'],
    ['raw ampersand', '<a>fish & chips</a>'],
    ['unknown entity', '<a>&nbsp;</a>'],
    ['< in attribute', '<a x="<"/>'],
    ['missing space between attributes', '<a x="1"y="2"/>'],
    ['illegal control character', '<a>\u0001</a>'],
    ['reference to illegal character', '<a>&#0;</a>'],
    ['late XML declaration', '<a/><?xml version="1.0"?>'],
    ['empty document', '  '],
    ['stray close tag', '</a>'],
  ];
  for (const [what, src] of bad) {
    it(`rejects ${what}`, () => assert.throws(() => parseXml(src), XmlError));
  }
});
