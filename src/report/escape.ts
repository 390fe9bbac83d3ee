/** Text from the estate (names, reasons) must not become Markdown or HTML: job summary, safeguards.md, diff. */
export function md(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([|*_`[\]#~])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}
