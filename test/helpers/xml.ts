/** A parsed XML element (enough of XML for asserting on our JUnit output). */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string {
  if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(s)) throw new Error(`bare & in ${JSON.stringify(s.slice(0, 60))}`);
  if (s.includes('<')) throw new Error(`raw < in ${JSON.stringify(s.slice(0, 60))}`);
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (_, e: string) =>
    e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : ENTITIES[e]!,
  );
}

/**
 * A strict little XML parser for tests: throws on anything not well-formed
 * (unclosed or mismatched tags, raw `<` or bare `&` in text or attributes, duplicate attributes).
 */
export function parseXml(xml: string): XmlElement {
  let i = 0;
  const src = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  while (i < src.length) {
    const lt = src.indexOf('<', i);
    const textEnd = lt === -1 ? src.length : lt;
    stack[stack.length - 1]!.text += decode(src.slice(i, textEnd));
    if (lt === -1) break;
    const gt = src.indexOf('>', lt);
    if (gt === -1) throw new Error('unterminated tag');
    // Attribute values may not contain '>' unescaped in our output, so the first '>' ends the tag.
    const tag = src.slice(lt + 1, gt);
    i = gt + 1;
    if (tag.startsWith('/')) {
      const el = stack.pop()!;
      if (el.name !== tag.slice(1).trim()) throw new Error(`</${tag.slice(1)}> closes <${el.name}>`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const m = body.match(/^([\w:.-]+)([\s\S]*)$/);
    if (!m) throw new Error(`bad tag <${tag}>`);
    const el: XmlElement = { name: m[1]!, attrs: {}, children: [], text: '' };
    const rest = m[2]!.replace(/\s*([\w:.-]+)="([^"]*)"/g, (_, k: string, v: string) => {
      if (k in el.attrs) throw new Error(`duplicate attribute ${k}`);
      el.attrs[k] = decode(v);
      return '';
    });
    if (rest.trim()) throw new Error(`bad attributes in <${tag}>`);
    stack[stack.length - 1]!.children.push(el);
    if (!selfClosing) stack.push(el);
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  if (root.children.length !== 1) throw new Error('not exactly one root element');
  return root.children[0]!;
}
