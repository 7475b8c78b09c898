import { Redactor } from '../output/redactor.js';

/**
 * ProGet answers errors in plain text, but a reverse proxy in front of it may answer with a whole HTML page.
 * Users get one readable line either way, never a page dump.
 */
const MAX_EXCERPT = 300;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function htmlToText(html: string): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  const body = html.replace(/<(script|style|head)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]+>/g, ' ');
  const text = decodeEntities(body).replace(/\s+/g, ' ').trim();
  const heading = title ? decodeEntities(title).replace(/\s+/g, ' ').trim() : '';
  // Error pages usually repeat their title as a heading (IIS after a "Server Error" banner); say it once.
  if (heading && !text.includes(heading)) return text ? `${heading}: ${text}` : heading;
  return text;
}

/**
 * One line of at most 300 characters. With a redactor, secrets are masked in the whole body (and again
 * once entities are decoded) before anything is cut, so an excerpt never ends in the head of a key.
 */
export function bodyExcerpt(body: string, contentType = '', redactor: Redactor = new Redactor()): string {
  const looksHtml = /html/i.test(contentType) || /^\s*<(!doctype|html|head|body)/i.test(body);
  const masked = redactor.redact(body.replace(/\r\n?/g, '\n'));
  const text = (looksHtml ? htmlToText(masked) : masked).replace(/\s+/g, ' ').trim();
  return redactor.excerpt(text, MAX_EXCERPT);
}
