import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ParseOption,
  XmlBufferInputProvider,
  XmlDocument,
  type XmlElement,
  XmlLibError,
  type XmlTreeNode,
  XmlValidateError,
  XsdValidator,
  xmlRegisterInputProvider,
} from 'libxml2-wasm';
import { AppError, type FieldError } from '../../platform/errors.js';

/** The official ODM 1.3.2 schema, shipped in the repository (reference/README.md). */
export const odmSchemaDir = join(dirname(fileURLToPath(import.meta.url)), '../../../reference/odm/schema-1.3.2');
const odmNamespace = 'http://www.cdisc.org/ns/odm/v1.3';

/** An element of an ODM file, read out of libxml2 once: plain data, and where it starts in the file. */
export interface OdmElement {
  name: string;
  attrs: Record<string, string>;
  children: OdmElement[];
  /** The text of an element without child elements (TranslatedText, CheckValue, FormalExpression). */
  text: string;
  line: number;
  column: number | undefined;
}

/** At most this many problems are listed: a broken export repeats one mistake thousands of times. */
const maxProblems = 50;

let validator: XsdValidator | undefined;

/**
 * The schema's own imports (xml.xsd, xmldsig-core-schema.xsd, the foundation) are served from
 * memory by name, and nothing else: libxml2 can reach no other file and no network through us.
 */
function odmValidator(): XsdValidator {
  if (validator) return validator;
  const files: Record<string, Uint8Array> = {};
  for (const name of readdirSync(odmSchemaDir).filter((f) => f.endsWith('.xsd'))) {
    files[join(odmSchemaDir, name)] = readFileSync(join(odmSchemaDir, name));
  }
  xmlRegisterInputProvider(new XmlBufferInputProvider(files));
  const main = join(odmSchemaDir, 'ODM1-3-2.xsd');
  const xsd = XmlDocument.fromBuffer(files[main] as Uint8Array, { url: main });
  try {
    validator = XsdValidator.fromDoc(xsd);
  } finally {
    xsd.dispose();
  }
  return validator;
}

const refused = (detail: string, errors: FieldError[] = []) =>
  new AppError(400, 'Bad Request', detail, errors.length > 0 ? errors : [{ pointer: '/file', detail }]);

/**
 * Reads an uploaded ODM file: well-formed XML, no document type declaration, valid against the
 * ODM 1.3.2 XSD. Anything else answers 400 naming each problem's line, column and the OID of
 * the element (or of the nearest element around it that has one), and nothing of it is kept.
 *
 * An ODM file never needs a DTD, and a DTD is what external entities (XXE) and entity
 * expansion (billion laughs) hide in, so any DOCTYPE is refused outright; libxml2 also parses
 * with external loading off (NO_XXE, NONET), without entity substitution, and stops at its
 * entity amplification limit before a DTD could be looked at.
 */
export function readOdmFile(bytes: Uint8Array): OdmElement {
  const text = Buffer.from(bytes).toString('utf8');
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    throw refused('The file declares a document type (DTD) or entities: ODM files need neither, and they are refused for safety.');
  }
  let doc: XmlDocument;
  try {
    doc = XmlDocument.fromBuffer(bytes, {
      option: ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NOERROR | ParseOption.XML_PARSE_NOWARNING,
    });
  } catch (error) {
    if (error instanceof XmlLibError) {
      throw refused(
        'The file is not well-formed XML.',
        error.details.slice(0, maxProblems).map((d) => ({
          pointer: '/file',
          detail: d.message.trim(),
          line: d.line,
          col: d.col > 0 ? d.col : undefined,
        })),
      );
    }
    throw error;
  }
  try {
    if (doc.dtd) throw refused('The file declares a document type (DTD): ODM files need none, and it is refused for safety.');
    const starts = startTags(text);
    const located = (element: XmlElement) => {
      const index = Number(element.eval('count(preceding::*) + count(ancestor::*)'));
      return { line: element.line, column: starts[index]?.column, oid: nearestOid(element) };
    };
    try {
      odmValidator().validate(doc);
    } catch (error) {
      if (!(error instanceof XmlValidateError)) throw error;
      const errors = error.details.slice(0, maxProblems).map((d): FieldError => {
        const element = d.xpath ? doc.get(d.xpath) : null;
        const at = element && isElement(element) ? located(element) : { line: d.line, column: undefined, oid: undefined };
        return { pointer: '/file', detail: d.message.trim(), line: at.line, col: at.column, oid: at.oid };
      });
      throw refused(
        `The file is not valid ODM 1.3.2 (${error.details.length} problem${error.details.length === 1 ? '' : 's'} against the CDISC XML Schema).`,
        errors,
      );
    }
    const root = doc.root;
    if (root.namespaceUri !== odmNamespace) throw refused('The file is not ODM 1.3.');
    let index = 0;
    const convert = (element: XmlElement): OdmElement => {
      const position = starts[index];
      index += 1;
      const attrs: Record<string, string> = {};
      for (const attr of element.attrs) attrs[attr.prefix ? `${attr.prefix}:${attr.name}` : attr.name] = attr.value;
      const children: OdmElement[] = [];
      for (let child: XmlTreeNode | null = element.firstChild; child; child = child.next) {
        if (isElement(child)) children.push(convert(child));
      }
      return {
        name: element.name,
        attrs,
        children,
        text: children.length === 0 ? element.content.trim() : '',
        line: element.line,
        column: position?.column,
      };
    };
    return convert(root);
  } finally {
    doc.dispose();
  }
}

function isElement(node: unknown): node is XmlElement {
  return typeof node === 'object' && node !== null && 'attrs' in node && 'firstChild' in node;
}

function nearestOid(element: XmlElement): string | undefined {
  for (let at: XmlElement | null = element; at; at = at.parent) {
    const oid = at.attr('OID')?.value ?? at.attr('ItemOID')?.value ?? at.attr('FormOID')?.value ?? at.attr('ItemGroupOID')?.value;
    if (oid) return oid;
  }
  return undefined;
}

/**
 * Where each element's start tag begins (1-based line and column), in document order. libxml2
 * keeps only a line per element (the line its start tag ends on), so the columns are found in
 * the text, with comments, CDATA and processing instructions blanked out first (keeping their
 * line breaks) so that no markup inside them is taken for a tag.
 */
function startTags(text: string): { line: number; column: number }[] {
  const masked = text.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>/g, (m) => m.replace(/[^\n]/g, ' '));
  const result: { line: number; column: number }[] = [];
  let line = 1;
  let lineStart = 0;
  let nextNewline = masked.indexOf('\n');
  for (const match of masked.matchAll(/<[A-Za-z_]/g)) {
    while (nextNewline !== -1 && nextNewline < match.index) {
      line += 1;
      lineStart = nextNewline + 1;
      nextNewline = masked.indexOf('\n', lineStart);
    }
    result.push({ line, column: match.index - lineStart + 1 });
  }
  return result;
}
