/**
 * Checking CAS answers against the protocol's schema (CAS 3.0 spec, Appendix A): a small
 * namespace-aware XML parser and a structural validator that needs nothing installed, plus a
 * full XSD validation through the JDK's javax.xml.validation when `java` is on the PATH.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CAS_NS = 'http://www.yale.edu/tp/cas';

export interface XmlElement {
  ns: string | undefined;
  local: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated character data directly inside this element. */
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string {
  if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(s)) throw new Error(`bad entity in ${JSON.stringify(s)}`);
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (_, e: string) =>
    e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : ENTITIES[e]!,
  );
}

/** Parses a document without DTDs or processing instructions beyond the XML declaration; throws when malformed. */
export function parseXml(text: string): XmlElement {
  let i = 0;
  const rest = () => text.slice(i);
  const skipMisc = () => {
    for (;;) {
      const m = /^(\s+|<\?xml[^?]*\?>|<!--[\s\S]*?-->)/.exec(rest());
      if (!m) return;
      i += m[0].length;
    }
  };
  const element = (scope: Record<string, string>): XmlElement => {
    const open = /^<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/.exec(rest());
    if (!open) throw new Error(`expected an element at ${i}: ${rest().slice(0, 40)}`);
    i += open[0].length;
    const [, qname, attrText, selfClosing] = open as unknown as [string, string, string, string];
    const attrs: Record<string, string> = {};
    const inner = { ...scope };
    for (const a of attrText.matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      const value = decode(a[2] ?? a[3] ?? '');
      if (a[1] === 'xmlns') inner[''] = value;
      else if (a[1]!.startsWith('xmlns:')) inner[a[1]!.slice(6)] = value;
      else if (a[1]! in attrs) throw new Error(`duplicate attribute ${a[1]}`);
      else attrs[a[1]!] = value;
    }
    const [prefix, local] = qname.includes(':') ? qname.split(':') : ['', qname];
    if (prefix && !(prefix in inner)) throw new Error(`unbound prefix ${prefix}`);
    const el: XmlElement = { ns: inner[prefix!], local: local!, attrs, children: [], text: '' };
    if (selfClosing) return el;
    for (;;) {
      const chars = /^[^<]*/.exec(rest())![0];
      if (chars.includes(']]>')) throw new Error(']]> in text');
      el.text += decode(chars);
      i += chars.length;
      if (rest().startsWith('<!--')) {
        const end = text.indexOf('-->', i);
        if (end < 0) throw new Error('unterminated comment');
        i = end + 3;
      } else if (rest().startsWith('</')) {
        const close = /^<\/([^\s>]+)\s*>/.exec(rest());
        if (!close || close[1] !== qname) throw new Error(`</${qname}> expected at ${i}`);
        i += close[0].length;
        return el;
      } else if (i >= text.length) {
        throw new Error(`unterminated <${qname}>`);
      } else {
        el.children.push(element(inner));
      }
    }
  };
  skipMisc();
  const root = element({});
  skipMisc();
  if (i !== text.length) throw new Error(`content after the root element: ${rest().slice(0, 40)}`);
  return root;
}

const DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const BOOLEAN = /^(true|false|1|0)$/;

/**
 * Checks a serviceResponse against the Appendix A schema by hand: element names, namespace,
 * order and cardinality, required attributes, simple types. Returns the problems found.
 */
export function schemaProblems(root: XmlElement): string[] {
  const problems: string[] = [];
  const where = (e: XmlElement) => `cas:${e.local}`;
  const isCas = (e: XmlElement) => e.ns === CAS_NS;
  const elementOnly = (e: XmlElement) => e.text.trim() === '' || problems.push(`${where(e)} has text in element-only content`);
  const leaf = (e: XmlElement) => e.children.length === 0 || problems.push(`${where(e)} must hold text only`);
  /** Children must follow `spec` in order: [name, min, max]. */
  const sequence = (e: XmlElement, spec: Array<[string, number, number]>) => {
    let k = 0;
    for (const [name, min, max] of spec) {
      let n = 0;
      while (k < e.children.length && isCas(e.children[k]!) && e.children[k]!.local === name) (k++, n++);
      if (n < min || n > max) problems.push(`${where(e)}: cas:${name} occurs ${n} times, expected ${min}..${max}`);
    }
    if (k < e.children.length) problems.push(`${where(e)}: unexpected child ${e.children[k]!.local}`);
  };
  if (!isCas(root) || root.local !== 'serviceResponse') return [`root is {${root.ns}}${root.local}, expected {${CAS_NS}}serviceResponse`];
  elementOnly(root);
  if (root.children.length !== 1) return [...problems, `serviceResponse has ${root.children.length} children, expected exactly one`];
  const body = root.children[0]!;
  if (!isCas(body)) return [...problems, `serviceResponse child is not in the CAS namespace`];
  switch (body.local) {
    case 'authenticationSuccess': {
      elementOnly(body);
      sequence(body, [['user', 1, 1], ['attributes', 0, 1], ['proxyGrantingTicket', 0, 1], ['proxies', 0, 1]]);
      for (const c of body.children.filter((c) => c.local !== 'attributes' && c.local !== 'proxies')) leaf(c);
      const attributes = body.children.find((c) => c.local === 'attributes');
      if (attributes) {
        elementOnly(attributes);
        const [date, longTerm, fromNew] = attributes.children;
        if (date?.local !== 'authenticationDate' || !isCas(date) || !DATE_TIME.test(date.text)) problems.push('attributes must start with cas:authenticationDate (xs:dateTime)');
        if (longTerm?.local !== 'longTermAuthenticationRequestTokenUsed' || !isCas(longTerm) || !BOOLEAN.test(longTerm.text)) problems.push('second attribute must be cas:longTermAuthenticationRequestTokenUsed (xs:boolean)');
        if (fromNew?.local !== 'isFromNewLogin' || !isCas(fromNew) || !BOOLEAN.test(fromNew.text)) problems.push('third attribute must be cas:isFromNewLogin (xs:boolean)');
        for (const a of attributes.children) leaf(a);
      }
      const proxies = body.children.find((c) => c.local === 'proxies');
      if (proxies) sequence(proxies, [['proxy', 1, Infinity]]);
      break;
    }
    case 'authenticationFailure':
    case 'proxyFailure':
      leaf(body);
      if (!body.attrs.code) problems.push(`${where(body)} needs a code attribute`);
      break;
    case 'proxySuccess':
      sequence(body, [['proxyTicket', 1, 1]]);
      break;
    default:
      problems.push(`unexpected cas:${body.local}`);
  }
  return problems;
}

// Appendix A of the CAS 3.0 specification (schema 3.0.3), without its documentation.
const XSD = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:cas="${CAS_NS}" targetNamespace="${CAS_NS}" elementFormDefault="qualified">
  <xs:element name="serviceResponse" type="cas:ServiceResponseType"/>
  <xs:complexType name="ServiceResponseType"><xs:choice>
    <xs:element name="authenticationSuccess" type="cas:AuthenticationSuccessType"/>
    <xs:element name="authenticationFailure" type="cas:AuthenticationFailureType"/>
    <xs:element name="proxySuccess" type="cas:ProxySuccessType"/>
    <xs:element name="proxyFailure" type="cas:ProxyFailureType"/>
  </xs:choice></xs:complexType>
  <xs:complexType name="AuthenticationSuccessType"><xs:sequence>
    <xs:element name="user" type="xs:string"/>
    <xs:element name="attributes" type="cas:AttributesType" minOccurs="0"/>
    <xs:element name="proxyGrantingTicket" type="xs:string" minOccurs="0"/>
    <xs:element name="proxies" type="cas:ProxiesType" minOccurs="0"/>
  </xs:sequence></xs:complexType>
  <xs:complexType name="ProxiesType"><xs:sequence><xs:element name="proxy" type="xs:string" maxOccurs="unbounded"/></xs:sequence></xs:complexType>
  <xs:complexType name="AuthenticationFailureType"><xs:simpleContent><xs:extension base="xs:string">
    <xs:attribute name="code" type="xs:string" use="required"/>
  </xs:extension></xs:simpleContent></xs:complexType>
  <xs:complexType name="ProxySuccessType"><xs:sequence><xs:element name="proxyTicket" type="xs:string"/></xs:sequence></xs:complexType>
  <xs:complexType name="ProxyFailureType"><xs:simpleContent><xs:extension base="xs:string">
    <xs:attribute name="code" type="xs:string" use="required"/>
  </xs:extension></xs:simpleContent></xs:complexType>
  <xs:complexType name="AttributesType"><xs:sequence>
    <xs:element name="authenticationDate" type="xs:dateTime"/>
    <xs:element name="longTermAuthenticationRequestTokenUsed" type="xs:boolean"/>
    <xs:element name="isFromNewLogin" type="xs:boolean"/>
    <xs:any minOccurs="0" maxOccurs="unbounded" processContents="lax"/>
  </xs:sequence></xs:complexType>
</xs:schema>
`;

const VALIDATOR = `
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import java.io.File;
public class Validate {
  public static void main(String[] args) throws Exception {
    var schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(new File(args[0]));
    for (int i = 1; i < args.length; i++) {
      try { schema.newValidator().validate(new StreamSource(new File(args[i]))); }
      catch (Exception e) { System.out.println(args[i] + ": " + e.getMessage()); }
    }
  }
}
`;

/**
 * Validates the documents against the XSD with the JDK; resolves to the errors found (one line
 * each, naming the document), or to undefined when no `java` is installed.
 */
export function xsdErrors(documents: string[]): Promise<string[] | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'cas-xsd-'));
  writeFileSync(join(dir, 'cas.xsd'), XSD);
  writeFileSync(join(dir, 'Validate.java'), VALIDATOR);
  const files = documents.map((d, n) => {
    const file = join(dir, `doc${n}.xml`);
    writeFileSync(file, d);
    return file;
  });
  return new Promise((resolve, reject) => {
    execFile('java', [join(dir, 'Validate.java'), join(dir, 'cas.xsd'), ...files], { timeout: 60_000 }, (err, stdout, stderr) => {
      rmSync(dir, { recursive: true, force: true });
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') return resolve(undefined);
      if (err) return reject(new Error(`java failed: ${stderr || err.message}`));
      resolve(stdout.split('\n').filter(Boolean));
    });
  });
}
