import { STYLE } from './html-style.js';
import { esc } from './svg.js';

/**
 * One self-contained HTML file: inline CSS and SVG, no script, and a Content-Security-Policy
 * that forbids every fetch, so it opens the same offline, from a mail attachment or printed.
 * `body` is markup the caller escaped; `title` is escaped here.
 */
export function htmlPage(title: string, body: readonly string[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}
